// torchscale's RetNetRelPos builds the decay mask in forward (arange, tril,
// masked_fill, exp of position * decay, nan_to_num, optional sqrt row
// normalization); torch-mlir exports that as ~20 linalg.generic ops over the
// decay buffer. retention-raise evaluates them at compile time, checks the
// result is a causal decay mask and raises; canonicalize drops the dead mask
// computation. The abs-sum normalized variant (torchscale's parallel form)
// cannot be reproduced by the op's schedules and stays as written.
// RUN: retnet-opt %S/Inputs/torchscale_relpos_normalized.mlir -retention-raise -canonicalize | FileCheck %s --check-prefix=NORM
// RUN: retnet-opt %S/Inputs/torchscale_relpos_plain.mlir -retention-raise -canonicalize | FileCheck %s --check-prefix=PLAIN
// RUN: retnet-opt %S/Inputs/torchscale_relpos_abs_sum.mlir -retention-raise -canonicalize | FileCheck %s --check-prefix=ABS
// RUN: retnet-opt %S/Inputs/torchscale_relpos_normalized.mlir -retention-raise -canonicalize -o %t.norm.mlir
// RUN: retnet-compile %t.norm.mlir -o %t.norm.so
// RUN: %python %S/Inputs/check_raised.py %t.norm.so normalized | FileCheck %s
// RUN: retnet-opt %S/Inputs/torchscale_relpos_plain.mlir -retention-raise -canonicalize -o %t.plain.mlir
// RUN: retnet-compile %t.plain.mlir -o %t.plain.so
// RUN: %python %S/Inputs/check_raised.py %t.plain.so plain | FileCheck %s

// NORM: arith.constant dense<[-0.03174{{[0-9]*}}, -0.01574{{[0-9]*}}]> : tensor<2xf32>
// NORM: retention.retention {{.*}} {decay_normalization}
// NORM-NOT: linalg.generic
// NORM-NOT: linalg.batch_matmul
// PLAIN: arith.constant dense<[-0.03174{{[0-9]*}}, -0.01574{{[0-9]*}}]> : tensor<2xf32>
// PLAIN: retention.retention
// PLAIN-NOT: decay_normalization
// PLAIN-NOT: linalg.generic
// PLAIN-NOT: linalg.batch_matmul
// ABS-NOT: retention.retention
// ABS-COUNT-2: linalg.batch_matmul
// CHECK: PASS
