// Retention exported from PyTorch by torch-mlir (Inputs/, produced by
// python/tests/test_raise_torch_mlir.py's exporter) is raised to
// retention.retention, compiled and run against the float64 reference.
// RUN: retnet-opt %S/Inputs/torchscale_retention_normalized.mlir -retention-raise -canonicalize | FileCheck %s --check-prefix=NORM
// RUN: retnet-opt %S/Inputs/torchscale_retention_plain.mlir -retention-raise -canonicalize | FileCheck %s --check-prefix=PLAIN
// RUN: retnet-opt %S/Inputs/torchscale_retention_normalized.mlir -retention-raise -canonicalize -o %t.norm.mlir
// RUN: retnet-compile %t.norm.mlir -o %t.norm.so
// RUN: %python %S/Inputs/check_raised.py %t.norm.so normalized | FileCheck %s
// RUN: retnet-opt %S/Inputs/torchscale_retention_plain.mlir -retention-raise -canonicalize -o %t.plain.mlir
// RUN: retnet-compile %t.plain.mlir -o %t.plain.so
// RUN: %python %S/Inputs/check_raised.py %t.plain.so plain | FileCheck %s

// The RetNet decays log(1 - 2^-5), log(1 - 2^-6), recovered from the mask.
// NORM: arith.constant dense<[-0.03174{{[0-9]*}}, -0.01574{{[0-9]*}}]> : tensor<2xf32>
// NORM: retention.retention {{.*}} {decay_normalization}
// NORM-NOT: linalg.batch_matmul
// PLAIN: arith.constant dense<[-0.03174{{[0-9]*}}, -0.01574{{[0-9]*}}]> : tensor<2xf32>
// PLAIN: retention.retention
// PLAIN-NOT: decay_normalization
// PLAIN-NOT: linalg.batch_matmul
// CHECK: PASS
