// Dynamic B and T: one artifact serves any batch and length.
// By default the cost model's dynamic-T rule picks the faster linear form at
// T = 2048: recurrent for this small (32 x 16) state.
// RUN: retnet-compile %s -o %t.so --print-schedules 2>&1 | FileCheck %s --check-prefix=SCHED
// RUN: %python %S/Inputs/check_dynamic.py %t.so | FileCheck %s
// SCHED: schedule: {{.*}}#retention.schedule<recurrent> T=?
// The same with the chunkwise kernel, pinned with --schedule=chunkwise (the
// default chunk for an unknown T, 64): its chunk loop over a dynamic T must
// serve any length too (T = 1 and 200 end in a partial chunk, 64 is exactly
// one).
// RUN: retnet-compile %s -o %t.cw.so --schedule=chunkwise --print-schedules 2>&1 | FileCheck %s --check-prefix=SCHED-CW
// RUN: %python %S/Inputs/check_dynamic.py %t.cw.so | FileCheck %s
// SCHED-CW: schedule: {{.*}}#retention.schedule<chunkwise, chunk_size = 64> T=?
// CHECK: B=1 T=1 err={{.*}} PASS
// CHECK: B=3 T=64 err={{.*}} PASS
// CHECK: B=2 T=200 err={{.*}} PASS
func.func @f(%q: tensor<?x2x?x32xf32>, %k: tensor<?x2x?x32xf32>, %v: tensor<?x2x?x16xf32>,
             %ld: tensor<2xf32>) -> tensor<?x2x?x16xf32> {
  %o = retention.retention %q, %k, %v, %ld
      : (tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x16xf32>, tensor<2xf32>)
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
