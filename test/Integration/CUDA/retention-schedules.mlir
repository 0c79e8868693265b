// Every schedule compiled for the GPU, run on it and compared with the
// float64 reference (Inputs/check_cuda.py; tolerance 1e-4 for f32).
// RUN: %python %S/Inputs/check_cuda.py | FileCheck %s
// CHECK: recurrent PASS
// CHECK: chunkwise PASS
// CHECK: parallel PASS
// CHECK-NOT: FAIL
