// RUN: retnet-opt %s -retention-serialize-foralls | FileCheck %s
// RUN: retnet-opt %s -retention-serialize-foralls -scf-forall-to-parallel | FileCheck %s --check-prefix=REST

// A forall marked retention.serial becomes an scf.for nest; unmarked
// foralls are left for the OpenMP lowering.
// CHECK-LABEL: func.func @marked
// CHECK-NOT:     scf.forall
// CHECK:         scf.for %[[I:[a-z0-9_]+]] = %c0 to %c2 step %c1 {
// CHECK:           scf.for %[[J:[a-z0-9_]+]] = %c0{{.*}} to %c8 step %c1{{.*}} {
// CHECK:             memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]]]
// REST-LABEL: func.func @unmarked
// REST:         scf.parallel
func.func @marked(%m: memref<2x8xf32>) {
  %c = arith.constant 1.0 : f32
  scf.forall (%i, %j) in (2, 8) {
    memref.store %c, %m[%i, %j] : memref<2x8xf32>
  } {retention.serial}
  return
}

// CHECK-LABEL: func.func @unmarked
// CHECK:         scf.forall
func.func @unmarked(%m: memref<2x8xf32>) {
  %c = arith.constant 1.0 : f32
  scf.forall (%i, %j) in (2, 8) {
    memref.store %c, %m[%i, %j] : memref<2x8xf32>
  }
  return
}
