// RUN: retnet-opt %s -split-input-file -convert-retention-to-gpu -retention-test-emulate-gpu -verify-diagnostics | FileCheck %s

// The chunkwise kernel on the CPU: no GPU op is left; device buffers are
// host buffers, copies are memref.copy, the launch is a loop over blocks
// whose barrier-separated phases each run as a loop over the 256 threads;
// shared memory is a host buffer allocated once per launch.
// CHECK-LABEL: func.func private @chunkwise
// CHECK-NOT:     gpu.
// CHECK:         memref.copy %arg0
// CHECK:         %[[SCORES:.*]] = memref.alloc() : memref<256xf32>
// CHECK:         scf.for %{{.*}} = %c0{{.*}} to %c1{{.*}} step %c1
// CHECK:           scf.for %[[BLOCK:.*]] = %c0{{.*}} to %{{.*}} step %c1
// CHECK:             scf.for %[[TID:.*]] = %c0{{.*}} to %c256 step %c1
// CHECK:             scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c1
// CHECK:               scf.for %{{.*}} = %c0{{.*}} to %c256 step %c1
// CHECK:         memref.dealloc %[[SCORES]]
// CHECK:         memref.copy %{{.*}}, %arg4
// CHECK-NOT:     gpu.
// CHECK:         return
func.func private @chunkwise(memref<1x2x40x8xf32>, memref<1x2x40x8xf32>, memref<1x2x40x8xf32>, memref<2xf32>, memref<1x2x40x8xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<chunkwise, chunk_size = 16>}}

// -----

// A barrier under thread-dependent control flow cannot be emulated (and
// would be undefined behaviour on a GPU).
func.func @divergent(%m: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %c0 = arith.constant 0 : index
    %first = arith.cmpi eq, %tx, %c0 : index
    // expected-error @below {{contains a gpu.barrier under thread-dependent control flow}}
    scf.if %first {
      gpu.barrier
    }
    gpu.terminator
  }
  return
}

// -----

// A per-thread value live across a barrier needs per-thread storage.
func.func @live_across(%m: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %v = memref.load %m[%tx] : memref<4xf32>
    gpu.barrier
    // expected-error @below {{uses a thread-varying value defined before a gpu.barrier}}
    memref.store %v, %m[%tx] : memref<4xf32>
    gpu.terminator
  }
  return
}
