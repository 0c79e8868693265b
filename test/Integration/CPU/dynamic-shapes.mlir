// Dynamic B and T: one artifact serves any batch and length.
// RUN: retnet-compile %s -o %t.so --print-schedules 2>&1 | FileCheck %s --check-prefix=SCHED
// RUN: %python %S/Inputs/check_dynamic.py %t.so | FileCheck %s
// SCHED: schedule: {{.*}}#retention.schedule<chunkwise, chunk_size = 64> T=?
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
