// RUN: retnet-opt %s -split-input-file -retention-select-schedule=schedule=parallel | FileCheck %s --check-prefix=PAR
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=schedule=recurrent | FileCheck %s --check-prefix=REC
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='schedule=chunkwise chunk-size=128' | FileCheck %s --check-prefix=CW128
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=schedule=chunkwise | FileCheck %s --check-prefix=CW
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=chunk-size=32 | FileCheck %s --check-prefix=AUTO32

// schedule=... forces a form on every op without one, whatever the cost
// model says; chunk-size=N forces the chunk size of chunkwise decisions only.

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
// CW-LABEL:     func.func @dynamic_t
// CW:             schedule = #retention.schedule<chunkwise, chunk_size = 64>
// AUTO32-LABEL: func.func @dynamic_t
// AUTO32:         schedule = #retention.schedule<chunkwise, chunk_size = 32>
func.func @dynamic_t(%q: tensor<2x8x?x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x?x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>,
         tensor<8xf32>) -> tensor<2x8x?x64xf32>
  return %o : tensor<2x8x?x64xf32>
}

// -----

// PAR-LABEL:    func.func @t4096
// PAR:            schedule = #retention.schedule<parallel>
// REC-LABEL:    func.func @t4096
// REC:            schedule = #retention.schedule<recurrent>
// CW128-LABEL:  func.func @t4096
// CW128:          schedule = #retention.schedule<chunkwise, chunk_size = 128>
// CW-LABEL:     func.func @t4096
// CW:             schedule = #retention.schedule<chunkwise, chunk_size = 64>
// AUTO32-LABEL: func.func @t4096
// AUTO32:         schedule = #retention.schedule<chunkwise, chunk_size = 32>
func.func @t4096(%q: tensor<4x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<4x8x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<4x8x4096x64xf32>
  return %o : tensor<4x8x4096x64xf32>
}
