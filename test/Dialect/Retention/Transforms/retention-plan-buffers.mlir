// RUN: retnet-opt %s --split-input-file --retention-plan-buffers --canonicalize | FileCheck %s

// Three static temporaries: %x and %z are never live together and share a
// slot (64 bytes at offset 0), %y (400 bytes, rounded up to 448) lives
// across both and gets the next slot. One workspace of 512 bytes, taken
// before the first temporary and given back before the return; the body
// runs only when the runtime gave one.

// CHECK-LABEL: func.func @static_slots(
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C512:.*]] = arith.constant 512 : i64
// CHECK:         %[[P:.*]] = call @retnet_rt_workspace_acquire(%[[C512]]) : (i64) -> !llvm.ptr
// CHECK:         %[[WS:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<?xi8>
// CHECK:         %[[OK:.*]] = llvm.icmp "ne" %[[P]], %{{.*}} : !llvm.ptr
// CHECK:         scf.if %[[OK]] {
// CHECK:           %[[X:.*]] = memref.view %[[WS]][%[[C0]]][] : memref<?xi8> to memref<16xf32>
// CHECK:           %[[Y:.*]] = memref.view %[[WS]][%[[C64]]][] : memref<?xi8> to memref<100xf32>
// CHECK:           linalg.copy ins(%{{.*}} : memref<16xf32>) outs(%[[X]] : memref<16xf32>)
// CHECK:           %[[Z:.*]] = memref.view %[[WS]][%[[C0]]][] : memref<?xi8> to memref<16xf32>
// CHECK:           linalg.copy ins(%{{.*}} : memref<16xf32>) outs(%[[Z]] : memref<16xf32>)
// CHECK:           linalg.copy ins(%[[Y]] : memref<100xf32>) outs(%{{.*}} : memref<100xf32>)
// CHECK-NOT:       memref.alloc
// CHECK-NOT:       memref.dealloc
// CHECK:           call @retnet_rt_workspace_release() : () -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @static_slots(%a: memref<16xf32>, %out: memref<100xf32>) {
  %x = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  %y = memref.alloc() {alignment = 64 : i64} : memref<100xf32>
  linalg.copy ins(%a : memref<16xf32>) outs(%x : memref<16xf32>)
  memref.dealloc %x : memref<16xf32>
  %z = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  linalg.copy ins(%a : memref<16xf32>) outs(%z : memref<16xf32>)
  memref.dealloc %z : memref<16xf32>
  linalg.copy ins(%y : memref<100xf32>) outs(%out : memref<100xf32>)
  memref.dealloc %y : memref<100xf32>
  return
}

// -----

// Dynamic extents: the slot sizes and offsets are computed at run time from
// them. %b's extent is the dim of views made after the first temporary
// (a collapse of an expand of %a); the plan resolves it to %a's extent,
// known before. %a and %b are live together: two slots, %b at the rounded
// size of %a.

// CHECK-LABEL: func.func @dynamic_slots(
// CHECK-SAME:      %[[ARG:[a-z0-9]+]]: memref<?x8xf32>
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         %[[N:.*]] = memref.dim %[[ARG]], %[[C0]] : memref<?x8xf32>
// CHECK:         %[[BYTES:.*]] = arith.muli %[[N]], %[[C32]] : index
// CHECK:         %[[ROUNDED:.*]] = arith.andi
// CHECK:         %[[TOTAL:.*]] = arith.addi %[[ROUNDED]],
// CHECK:         %[[T64:.*]] = arith.index_cast %[[TOTAL]] : index to i64
// CHECK:         call @retnet_rt_workspace_acquire(%[[T64]])
// CHECK:         scf.if
// CHECK:           memref.view %{{.*}}[%[[C0]]][%[[N]]] : memref<?xi8> to memref<?x8xf32>
// CHECK:           memref.view %{{.*}}[%[[ROUNDED]]][%[[N]]] : memref<?xi8> to memref<?x8xf32>
// CHECK-NOT:       memref.alloc
// CHECK:           call @retnet_rt_workspace_release()
func.func @dynamic_slots(%arg: memref<?x8xf32>, %out: memref<?x8xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %arg, %c0 : memref<?x8xf32>
  %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?x8xf32>
  linalg.copy ins(%arg : memref<?x8xf32>) outs(%a : memref<?x8xf32>)
  %e = memref.expand_shape %a [[0, 1], [2]] output_shape [%n, 1, 8] : memref<?x8xf32> into memref<?x1x8xf32>
  %f = memref.collapse_shape %e [[0, 1], [2]] : memref<?x1x8xf32> into memref<?x8xf32>
  %m = memref.dim %f, %c0 : memref<?x8xf32>
  %b = memref.alloc(%m) {alignment = 64 : i64} : memref<?x8xf32>
  linalg.copy ins(%a : memref<?x8xf32>) outs(%b : memref<?x8xf32>)
  linalg.copy ins(%b : memref<?x8xf32>) outs(%out : memref<?x8xf32>)
  memref.dealloc %a : memref<?x8xf32>
  memref.dealloc %b : memref<?x8xf32>
  return
}

// -----

// Each forall iteration (each thread, as an OpenMP region) plans its own
// temporaries: the acquire and release are inside the body. An iteration
// that gets no workspace raises a flag of the enclosing block (a worker's
// call status is nobody's), and the calling thread reports it after the
// forall.

// CHECK-LABEL: func.func @per_iteration(
// CHECK:         %[[FLAG:.*]] = memref.alloca() : memref<i32>
// CHECK:         memref.store %{{.*}}, %[[FLAG]][] : memref<i32>
// CHECK:         scf.forall
// CHECK:           call @retnet_rt_workspace_acquire
// CHECK:           scf.if
// CHECK:             memref.view {{.*}} to memref<64xf32>
// CHECK:             call @retnet_rt_workspace_release()
// CHECK:           } else {
// CHECK:             memref.atomic_rmw ori %{{.*}}, %[[FLAG]][] : (i32, memref<i32>) -> i32
// CHECK:         %[[RAISED:.*]] = memref.load %[[FLAG]][] : memref<i32>
// CHECK:         %[[BAD:.*]] = arith.cmpi ne, %[[RAISED]], %{{.*}} : i32
// CHECK:         scf.if %[[BAD]] {
// CHECK-NEXT:      func.call @retnet_rt_workspace_failed() : () -> ()
func.func @per_iteration(%in: memref<4x64xf32>, %out: memref<4x64xf32>) {
  scf.forall (%i) in (4) {
    %t = memref.alloc() {alignment = 64 : i64} : memref<64xf32>
    %src = memref.subview %in[%i, 0] [1, 64] [1, 1] : memref<4x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    %dst = memref.subview %out[%i, 0] [1, 64] [1, 1] : memref<4x64xf32> to memref<64xf32, strided<[1], offset: ?>>
    linalg.copy ins(%src : memref<64xf32, strided<[1], offset: ?>>) outs(%t : memref<64xf32>)
    linalg.copy ins(%t : memref<64xf32>) outs(%dst : memref<64xf32, strided<[1], offset: ?>>)
    memref.dealloc %t : memref<64xf32>
  }
  return
}

// -----

// Left alone: a buffer freed conditionally, one with a non-identity layout,
// one whose extent is only known after the first planned buffer, and the
// temporaries of a function with results. Only %ok is planned.

// CHECK-LABEL: func.func @left_alone(
// CHECK:         call @retnet_rt_workspace_acquire
// CHECK:         memref.view {{.*}} to memref<8xf32>
// CHECK:         memref.alloc() : memref<8xf32>
// CHECK:         memref.alloc() : memref<4xf32, strided<[2]>>
// CHECK:         memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK:         memref.dealloc
func.func @left_alone(%c: i1, %v: memref<?xf32>, %out: memref<8xf32>) {
  %ok = memref.alloc() : memref<8xf32>
  linalg.copy ins(%out : memref<8xf32>) outs(%ok : memref<8xf32>)
  memref.dealloc %ok : memref<8xf32>
  %cond = memref.alloc() : memref<8xf32>
  linalg.copy ins(%out : memref<8xf32>) outs(%cond : memref<8xf32>)
  scf.if %c {
    memref.dealloc %cond : memref<8xf32>
  }
  %strided = memref.alloc() : memref<4xf32, strided<[2]>>
  %sv = memref.subview %out[0] [4] [2] : memref<8xf32> to memref<4xf32, strided<[2]>>
  linalg.copy ins(%sv : memref<4xf32, strided<[2]>>) outs(%strided : memref<4xf32, strided<[2]>>)
  memref.dealloc %strided : memref<4xf32, strided<[2]>>
  %c0 = arith.constant 0 : index
  %x = memref.load %v[%c0] : memref<?xf32>
  %n = arith.fptoui %x : f32 to i32
  %ni = arith.index_cast %n : i32 to index
  %late = memref.alloc(%ni) : memref<?xf32>
  linalg.copy ins(%v : memref<?xf32>) outs(%late : memref<?xf32>)
  memref.dealloc %late : memref<?xf32>
  return
}

// CHECK-LABEL: func.func @with_result(
// CHECK-NOT:     retnet_rt_workspace
// CHECK:         memref.alloc
func.func @with_result(%a: memref<8xf32>) -> f32 {
  %t = memref.alloc() : memref<8xf32>
  linalg.copy ins(%a : memref<8xf32>) outs(%t : memref<8xf32>)
  %c0 = arith.constant 0 : index
  %x = memref.load %t[%c0] : memref<8xf32>
  memref.dealloc %t : memref<8xf32>
  return %x : f32
}

// -----

// A forall on tensors (not bufferized yet) is left alone: its terminator
// yields values of its body.

// CHECK-LABEL: func.func @tensor_forall(
// CHECK-NOT:     retnet_rt_workspace
// CHECK:         memref.alloc
func.func @tensor_forall(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = scf.forall (%i) in (4) shared_outs(%o = %x) -> tensor<4xf32> {
    %t = memref.alloc() : memref<1xf32>
    %c0 = arith.constant 0 : index
    %e = tensor.extract %o[%i] : tensor<4xf32>
    memref.store %e, %t[%c0] : memref<1xf32>
    %l = memref.load %t[%c0] : memref<1xf32>
    %v = tensor.from_elements %l : tensor<1xf32>
    memref.dealloc %t : memref<1xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %v into %o[%i] [1] [1] : tensor<1xf32> into tensor<4xf32>
    }
  }
  return %r : tensor<4xf32>
}
