// RUN: retnet-opt %s -split-input-file -retention-select-schedule=schedule=parallel | FileCheck %s --check-prefix=PAR
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=schedule=recurrent | FileCheck %s --check-prefix=REC
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='schedule=chunkwise chunk-size=128' | FileCheck %s --check-prefix=CW128
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=schedule=chunkwise | FileCheck %s --check-prefix=CW
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=chunk-size=32 | FileCheck %s --check-prefix=AUTO32
// The same with pinned core counts (every decision here is the same for any).
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:2 schedule=parallel' | FileCheck %s --check-prefix=PAR
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:2 schedule=recurrent' | FileCheck %s --check-prefix=REC
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:2 schedule=chunkwise chunk-size=128' | FileCheck %s --check-prefix=CW128
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:2 schedule=chunkwise' | FileCheck %s --check-prefix=CW
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:1 schedule=chunkwise' | FileCheck %s --check-prefix=CW
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:512 schedule=chunkwise' | FileCheck %s --check-prefix=CW
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:2 chunk-size=32' | FileCheck %s --check-prefix=AUTO32
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:64 chunk-size=32' | FileCheck %s --check-prefix=AUTO32

// schedule=... forces a form on every op without one, whatever the cost
// model says (forced options win over the estimates); chunk-size=N forces
// the chunk size of chunkwise decisions only. Without schedule=, the cost
// model decides (retention-select-schedule.mlir): T = 1 recurrent, short T
// parallel, dynamic T the faster of chunkwise (C = 64) and recurrent at
// T = 2048 (recurrent at D = 64, chunkwise with 256 x 432 heads), long T at
// D = 64 recurrent (the state stays in L1), long T with a small Dk
// recurrent, long T with a state beyond L2 chunkwise.

// PAR-LABEL:    func.func @t1
// PAR:            schedule = #retention.schedule<parallel>
// REC-LABEL:    func.func @t1
// REC:            schedule = #retention.schedule<recurrent>
// CW128-LABEL:  func.func @t1
// CW128:          schedule = #retention.schedule<chunkwise, chunk_size = 128>
// Forced chunkwise without a chunk size: the cost model's (16 is the
// smallest it considers, and a T = 1 op has nothing bigger).
// CW-LABEL:     func.func @t1
// CW:             schedule = #retention.schedule<chunkwise, chunk_size = 16>
// The cost model's recurrent decision has no chunk size to force.
// AUTO32-LABEL: func.func @t1
// AUTO32:         schedule = #retention.schedule<recurrent>
func.func @t1(%q: tensor<1x4x1x64xf32>, %ld: tensor<4xf32>) -> tensor<1x4x1x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>,
         tensor<4xf32>) -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}

// -----

// PAR-LABEL:    func.func @t16
// PAR:            schedule = #retention.schedule<parallel>
// REC-LABEL:    func.func @t16
// REC:            schedule = #retention.schedule<recurrent>
// CW128-LABEL:  func.func @t16
// CW128:          schedule = #retention.schedule<chunkwise, chunk_size = 128>
// CW-LABEL:     func.func @t16
// CW:             schedule = #retention.schedule<chunkwise, chunk_size = 16>
// Short T: the cost model's parallel decision has no chunk size either.
// AUTO32-LABEL: func.func @t16
// AUTO32:         schedule = #retention.schedule<parallel>
func.func @t16(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// PAR-LABEL:    func.func @dynamic_t
// PAR:            schedule = #retention.schedule<parallel>
// REC-LABEL:    func.func @dynamic_t
// REC:            schedule = #retention.schedule<recurrent>
// CW128-LABEL:  func.func @dynamic_t
// CW128:          schedule = #retention.schedule<chunkwise, chunk_size = 128>
// Forced chunkwise on a dynamic T the cost model sends to recurrent: the
// chunk size for an unknown T is the target's default (64).
// CW-LABEL:     func.func @dynamic_t
// CW:             schedule = #retention.schedule<chunkwise, chunk_size = 64>
// Dynamic T at D = 64: the cost model's recurrent decision (faster than
// chunkwise at T = 2048), so chunk-size=32 does not apply.
// AUTO32-LABEL: func.func @dynamic_t
// AUTO32:         schedule = #retention.schedule<recurrent>
func.func @dynamic_t(%q: tensor<2x8x?x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x?x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>,
         tensor<8xf32>) -> tensor<2x8x?x64xf32>
  return %o : tensor<2x8x?x64xf32>
}

// -----

// PAR-LABEL:    func.func @dynamic_t_big_heads
// PAR:            schedule = #retention.schedule<parallel>
// REC-LABEL:    func.func @dynamic_t_big_heads
// REC:            schedule = #retention.schedule<recurrent>
// CW128-LABEL:  func.func @dynamic_t_big_heads
// CW128:          schedule = #retention.schedule<chunkwise, chunk_size = 128>
// CW-LABEL:     func.func @dynamic_t_big_heads
// CW:             schedule = #retention.schedule<chunkwise, chunk_size = 64>
// Dynamic T with big heads (256 x 432, a state beyond L1): the cost model's
// chunkwise decision (C = 64 by default), so chunk-size=32 applies.
// AUTO32-LABEL: func.func @dynamic_t_big_heads
// AUTO32:         schedule = #retention.schedule<chunkwise, chunk_size = 32>
func.func @dynamic_t_big_heads(%q: tensor<2x8x?x256xf32>, %v: tensor<2x8x?x432xf32>,
                               %ld: tensor<8xf32>) -> tensor<2x8x?x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<2x8x?x256xf32>, tensor<2x8x?x256xf32>, tensor<2x8x?x432xf32>,
         tensor<8xf32>) -> tensor<2x8x?x432xf32>
  return %o : tensor<2x8x?x432xf32>
}

// -----

// PAR-LABEL:    func.func @t4096
// PAR:            schedule = #retention.schedule<parallel>
// REC-LABEL:    func.func @t4096
// REC:            schedule = #retention.schedule<recurrent>
// CW128-LABEL:  func.func @t4096
// CW128:          schedule = #retention.schedule<chunkwise, chunk_size = 128>
// Forced chunkwise on an op the cost model sends to recurrent (D = 64: the
// state stays in L1): the chunk size is the cost model's best for the shape
// (16: the fewest FLOPs).
// CW-LABEL:     func.func @t4096
// CW:             schedule = #retention.schedule<chunkwise, chunk_size = 16>
// The cost model's recurrent decision: chunk-size=32 does not apply.
// AUTO32-LABEL: func.func @t4096
// AUTO32:         schedule = #retention.schedule<recurrent>
func.func @t4096(%q: tensor<4x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<4x8x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<4x8x4096x64xf32>
  return %o : tensor<4x8x4096x64xf32>
}

// -----

// A long T with a state beyond L2 (1024 x 432 f32) is the cost model's
// chunkwise decision (C = 64): chunk-size=32 replaces its chunk size.
// PAR-LABEL:    func.func @state_beyond_l2_t4096
// PAR:            schedule = #retention.schedule<parallel>
// REC-LABEL:    func.func @state_beyond_l2_t4096
// REC:            schedule = #retention.schedule<recurrent>
// CW128-LABEL:  func.func @state_beyond_l2_t4096
// CW128:          schedule = #retention.schedule<chunkwise, chunk_size = 128>
// CW-LABEL:     func.func @state_beyond_l2_t4096
// CW:             schedule = #retention.schedule<chunkwise, chunk_size = 64>
// AUTO32-LABEL: func.func @state_beyond_l2_t4096
// AUTO32:         schedule = #retention.schedule<chunkwise, chunk_size = 32>
func.func @state_beyond_l2_t4096(%q: tensor<32x16x4096x1024xf32>, %v: tensor<32x16x4096x432xf32>,
                                 %ld: tensor<16xf32>) -> tensor<32x16x4096x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<32x16x4096x1024xf32>, tensor<32x16x4096x1024xf32>, tensor<32x16x4096x432xf32>,
         tensor<16xf32>) -> tensor<32x16x4096x432xf32>
  return %o : tensor<32x16x4096x432xf32>
}

// -----

// PAR-LABEL:    func.func @small_dk_t4096
// PAR:            schedule = #retention.schedule<parallel>
// REC-LABEL:    func.func @small_dk_t4096
// REC:            schedule = #retention.schedule<recurrent>
// CW128-LABEL:  func.func @small_dk_t4096
// CW128:          schedule = #retention.schedule<chunkwise, chunk_size = 128>
// Chunkwise forced on an op the cost model sends to recurrent (Dk = 16: the
// contractions hardly vectorize): the chunk size is the cost model's best for
// the shape (16 here).
// CW-LABEL:     func.func @small_dk_t4096
// CW:             schedule = #retention.schedule<chunkwise, chunk_size = 16>
// The cost model's recurrent decision: chunk-size=32 does not apply.
// AUTO32-LABEL: func.func @small_dk_t4096
// AUTO32:         schedule = #retention.schedule<recurrent>
func.func @small_dk_t4096(%q: tensor<2x8x4096x16xf32>, %v: tensor<2x8x4096x64xf32>,
                          %ld: tensor<8xf32>) -> tensor<2x8x4096x64xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<2x8x4096x16xf32>, tensor<2x8x4096x16xf32>, tensor<2x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<2x8x4096x64xf32>
  return %o : tensor<2x8x4096x64xf32>
}
