// RUN: retnet-compile %s --emit=llvm -o - | FileCheck %s --check-prefix=OMP-IR
// RUN: retnet-compile %s --openmp=0 --emit=llvm -o - | FileCheck %s --check-prefix=SEQ-IR
// RUN: retnet-compile %s -o %t.omp.so
// RUN: llvm-readelf -d %t.omp.so | FileCheck %s --check-prefix=OMP-SO
// RUN: retnet-compile %s --openmp=0 -o %t.seq.so
// RUN: llvm-readelf -d %t.seq.so | FileCheck %s --check-prefix=SEQ-SO

// By default the (batch, head) loop runs on OpenMP threads: the IR forks
// through the OpenMP runtime and the library needs libomp, found through
// its runpath. With --openmp=0 it is a plain loop nest with no such
// dependency.

// The op's schedule is pinned to chunkwise (C = 64) so that the outlined
// parallel region checked below is the chunkwise kernel's whatever the cost
// model's dynamic-T rule picks for this shape (recurrent, at present).
// (The loop nest is the op's kernel function, inlined into @layer by LLVM.)
// OMP-IR-DAG: define void @layer(
// OMP-IR-DAG: call void {{.*}}@__kmpc_fork_call(
// OMP-IR-DAG: define internal void @__retention_chunkwise..omp_par(
// SEQ-IR-NOT: __kmpc
// SEQ-IR-NOT: omp_par
// SEQ-IR: define void @layer(

// OMP-SO: (NEEDED) Shared library: [libomp.so{{.*}}]
// OMP-SO: (RUNPATH) Library runpath: [{{.+}}]
// SEQ-SO-NOT: libomp
// SEQ-SO: (NEEDED) Shared library: [libc.so{{.*}}]
// SEQ-SO-NOT: libomp

func.func @layer(%q: tensor<2x4x?x16xf32>, %ld: tensor<4xf32>) -> tensor<2x4x?x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
      : (tensor<2x4x?x16xf32>, tensor<2x4x?x16xf32>, tensor<2x4x?x16xf32>,
         tensor<4xf32>) -> tensor<2x4x?x16xf32>
  return %o : tensor<2x4x?x16xf32>
}
