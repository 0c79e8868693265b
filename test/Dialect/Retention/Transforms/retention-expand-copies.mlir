// RUN: retnet-opt %s -retention-expand-copies | FileCheck %s
// RUN: retnet-opt %s -retention-expand-copies -convert-linalg-to-loops | FileCheck %s --check-prefix=LOOPS
// RUN: retnet-opt %s -retention-expand-copies | FileCheck %s --check-prefix=NOCOPY
// RUN: retnet-opt %s -retention-expand-copies -convert-linalg-to-loops | FileCheck %s --check-prefix=NOLINALG

// Every memref.copy becomes a linalg.copy with the same source and target,
// wherever it is, so no call to the runtime's memrefCopy remains.
// NOCOPY-NOT: memref.copy
// NOLINALG-NOT: memref.copy
// NOLINALG-NOT: linalg.copy

// CHECK-LABEL: func.func @contiguous
// CHECK-SAME:    (%[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<4x8xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         linalg.copy ins(%[[A]] : memref<4x8xf32>) outs(%[[B]] : memref<4x8xf32>)
// CHECK-NEXT:    return
// LOOPS-LABEL: func.func @contiguous
// LOOPS:         scf.for
// LOOPS:           scf.for
// LOOPS:             %[[X:.*]] = memref.load %{{.*}}[%{{.*}}, %{{.*}}] : memref<4x8xf32>
// LOOPS:             memref.store %[[X]], %{{.*}}[%{{.*}}, %{{.*}}] : memref<4x8xf32>
func.func @contiguous(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  return
}

// Strided views (the case that would need memrefCopy at run time), in both
// directions, also inside loops.
// CHECK-LABEL: func.func @strided
// CHECK:         %[[SV:.*]] = memref.subview
// CHECK-NOT:     memref.copy
// CHECK:         linalg.copy ins(%[[SV]] : memref<4x8xf32, strided<[16, 1], offset: ?>>) outs(%{{.*}} : memref<4x8xf32>)
// CHECK:         scf.for
// CHECK-NEXT:      linalg.copy ins(%{{.*}} : memref<4x8xf32>) outs(%[[SV]] : memref<4x8xf32, strided<[16, 1], offset: ?>>)
// LOOPS-LABEL: func.func @strided
// LOOPS:         memref.load %{{.*}} : memref<4x8xf32, strided<[16, 1], offset: ?>>
// LOOPS:         memref.store %{{.*}} : memref<4x8xf32, strided<[16, 1], offset: ?>>
func.func @strided(%a: memref<16x16xf32>, %b: memref<4x8xf32>, %i: index, %n: index) {
  %s = memref.subview %a[%i, 0] [4, 8] [1, 1]
      : memref<16x16xf32> to memref<4x8xf32, strided<[16, 1], offset: ?>>
  memref.copy %s, %b : memref<4x8xf32, strided<[16, 1], offset: ?>> to memref<4x8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %j = %c0 to %n step %c1 {
    memref.copy %b, %s : memref<4x8xf32> to memref<4x8xf32, strided<[16, 1], offset: ?>>
  }
  return
}

// Dynamic shapes and other element types.
// CHECK-LABEL: func.func @dynamic_f16
// CHECK:         linalg.copy ins(%{{.*}} : memref<?x?xf16>) outs(%{{.*}} : memref<?x?xf16>)
// LOOPS-LABEL: func.func @dynamic_f16
// LOOPS:         memref.dim
// LOOPS:         memref.load %{{.*}} : memref<?x?xf16>
func.func @dynamic_f16(%a: memref<?x?xf16>, %b: memref<?x?xf16>) {
  memref.copy %a, %b : memref<?x?xf16> to memref<?x?xf16>
  return
}

// Nothing else is touched.
// CHECK-LABEL: func.func @no_copy
// CHECK-NEXT:    memref.load
// CHECK-NEXT:    memref.store
// CHECK-NEXT:    return
func.func @no_copy(%a: memref<4xf32>, %b: memref<4xf32>, %i: index) {
  %x = memref.load %a[%i] : memref<4xf32>
  memref.store %x, %b[%i] : memref<4xf32>
  return
}
