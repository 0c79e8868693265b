// RUN: retnet-compile %s --emit=llvm -o - | FileCheck %s --check-prefix=LLVM
// RUN: retnet-compile %s --emit=mlir -o - | FileCheck %s --check-prefix=MLIR
// RUN: retnet-compile %s --emit=mlir -o %t.mlir && FileCheck %s --check-prefix=MLIR < %t.mlir
// RUN: retnet-compile %s --emit=mlir --print-schedules -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCHED
// RUN: retnet-compile %s --emit=mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty
// RUN: retnet-compile --emit=llvm -o - < %s | FileCheck %s --check-prefix=LLVM

// retnet-compile runs the CPU pipeline and emits LLVM IR, MLIR (LLVM
// dialect) or, with --print-schedules, also reports its decisions. The input
// defaults to stdin.

// LLVM: define void @ret(
// LLVM: define void @_mlir_ciface_ret(ptr {{.*}}%0, ptr {{.*}}%1, ptr {{.*}}%2, ptr {{.*}}%3, ptr {{.*}}%4, ptr {{.*}}%5, ptr {{.*}}%6)
// LLVM: define void @_mlir_ciface_decode(ptr
// LLVM-NOT: define {{.*}}@_mlir_ciface_helper

// MLIR-NOT: retention.retention
// MLIR-NOT: func.func
// MLIR: llvm.func @ret(
// MLIR: llvm.func @_mlir_ciface_ret(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface}
// MLIR: llvm.func @_mlir_ciface_decode(

// One line per op on stderr, at the op's location, after the decision: the
// dynamic-T @ret gets the cost model's faster linear form at T = 2048
// (recurrent for its small 16 x 32 state), the decode step recurrent, and
// the pinned @helper keeps its schedule.
// SCHED: schedule: loc("{{.*}}retnet-compile.mlir":[[@LINE+10]]:12): #retention.schedule<recurrent> T=? Dk=16 Dv=32
// SCHED: schedule: loc("{{.*}}retnet-compile.mlir":[[@LINE+17]]:8): #retention.schedule<recurrent> T=1 Dk=16 Dv=16
// SCHED: schedule: loc("{{.*}}retnet-compile.mlir":[[@LINE+23]]:8): #retention.schedule<parallel> T=4 Dk=8 Dv=8
// SCHED-NOT: schedule:

// QUIET-NOT: schedule:

func.func @ret(%q: tensor<2x4x?x16xf32>, %k: tensor<2x4x?x16xf32>, %v: tensor<2x4x?x32xf32>,
               %ld: tensor<4xf32>, %s0: tensor<2x4x16x32xf32>)
    -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>) {
  %o, %s = retention.retention %q, %k, %v, %ld init(%s0) {scale = 0.25 : f32}
      : (tensor<2x4x?x16xf32>, tensor<2x4x?x16xf32>, tensor<2x4x?x32xf32>,
         tensor<4xf32>, tensor<2x4x16x32xf32>)
      -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>)
  return %o, %s : tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>
}

func.func @decode(%q: tensor<1x2x1x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x1x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>,
         tensor<2xf32>) -> tensor<1x2x1x16xf32>
  return %o : tensor<1x2x1x16xf32>
}

func.func private @helper(%q: tensor<1x1x4x8xf32>, %ld: tensor<1xf32>) -> tensor<1x1x4x8xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>,
         tensor<1xf32>) -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}
