// RUN: retnet-opt %s -split-input-file | retnet-opt -split-input-file | FileCheck %s
// RUN: retnet-opt %s -split-input-file --mlir-print-op-generic | retnet-opt -split-input-file | FileCheck %s

// Round trip of retention.retention through the custom and the generic form.

// CHECK-LABEL: func.func @f32_static_minimal
// CHECK-SAME:    (%[[Q:.*]]: tensor<2x4x16x32xf32>, %[[K:.*]]: tensor<2x4x16x32xf32>, %[[V:.*]]: tensor<2x4x16x48xf32>, %[[LD:.*]]: tensor<4xf32>)
// CHECK:         %[[O:.*]] = retention.retention %[[Q]], %[[K]], %[[V]], %[[LD]] :
// CHECK-SAME:      (tensor<2x4x16x32xf32>, tensor<2x4x16x32xf32>, tensor<2x4x16x48xf32>, tensor<4xf32>) -> tensor<2x4x16x48xf32>
// CHECK-NOT:     init(
// CHECK:         return %[[O]]
func.func @f32_static_minimal(%q: tensor<2x4x16x32xf32>, %k: tensor<2x4x16x32xf32>,
                              %v: tensor<2x4x16x48xf32>, %ld: tensor<4xf32>)
    -> tensor<2x4x16x48xf32> {
  %o = retention.retention %q, %k, %v, %ld
      : (tensor<2x4x16x32xf32>, tensor<2x4x16x32xf32>, tensor<2x4x16x48xf32>,
         tensor<4xf32>) -> tensor<2x4x16x48xf32>
  return %o : tensor<2x4x16x48xf32>
}

// -----

// The default scale (1.0) is not printed; any other value is.

// CHECK-LABEL: func.func @scale_default_elided
// CHECK:         retention.retention
// CHECK-NOT:     scale
// CHECK-SAME:    : (tensor<1x1x4x8xf32>
func.func @scale_default_elided(%q: tensor<1x1x4x8xf32>, %ld: tensor<1xf32>)
    -> tensor<1x1x4x8xf32> {
  %o = retention.retention %q, %q, %q, %ld {scale = 1.0 : f32}
      : (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>,
         tensor<1xf32>) -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @scale
// CHECK:         retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {scale = 1.250000e-01 : f32} :
func.func @scale(%q: tensor<1x1x4x8xf32>, %ld: tensor<1xf32>)
    -> tensor<1x1x4x8xf32> {
  %o = retention.retention %q, %q, %q, %ld {scale = 0.125 : f32}
      : (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>,
         tensor<1xf32>) -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @f16_dynamic_b_and_t
// CHECK:         retention.retention
// CHECK-SAME:      (tensor<?x8x?x64xf16>, tensor<?x8x?x64xf16>, tensor<?x8x?x64xf16>, tensor<8xf32>) -> tensor<?x8x?x64xf16>
func.func @f16_dynamic_b_and_t(%q: tensor<?x8x?x64xf16>, %k: tensor<?x8x?x64xf16>,
                               %v: tensor<?x8x?x64xf16>, %ld: tensor<8xf32>)
    -> tensor<?x8x?x64xf16> {
  %o = retention.retention %q, %k, %v, %ld
      : (tensor<?x8x?x64xf16>, tensor<?x8x?x64xf16>, tensor<?x8x?x64xf16>,
         tensor<8xf32>) -> tensor<?x8x?x64xf16>
  return %o : tensor<?x8x?x64xf16>
}

// -----

// CHECK-LABEL: func.func @bf16_dynamic_t_only
// CHECK:         retention.retention
// CHECK-SAME:      (tensor<3x2x?x16xbf16>, tensor<3x2x?x16xbf16>, tensor<3x2x?x8xbf16>, tensor<2xf32>) -> tensor<3x2x?x8xbf16>
func.func @bf16_dynamic_t_only(%q: tensor<3x2x?x16xbf16>, %k: tensor<3x2x?x16xbf16>,
                               %v: tensor<3x2x?x8xbf16>, %ld: tensor<2xf32>)
    -> tensor<3x2x?x8xbf16> {
  %o = retention.retention %q, %k, %v, %ld
      : (tensor<3x2x?x16xbf16>, tensor<3x2x?x16xbf16>, tensor<3x2x?x8xbf16>,
         tensor<2xf32>) -> tensor<3x2x?x8xbf16>
  return %o : tensor<3x2x?x8xbf16>
}

// -----

// CHECK-LABEL: func.func @dynamic_b_only
// CHECK:         retention.retention
// CHECK-SAME:      -> tensor<?x2x5x8xf32>
func.func @dynamic_b_only(%q: tensor<?x2x5x16xf32>, %v: tensor<?x2x5x8xf32>,
                          %ld: tensor<2xf32>) -> tensor<?x2x5x8xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<?x2x5x16xf32>, tensor<?x2x5x16xf32>, tensor<?x2x5x8xf32>,
         tensor<2xf32>) -> tensor<?x2x5x8xf32>
  return %o : tensor<?x2x5x8xf32>
}

// -----

// CHECK-LABEL: func.func @init_and_final_state
// CHECK-SAME:    %[[S0:[a-z0-9]+]]: tensor<2x4x32x48xf32>
// CHECK:         %[[O:.*]], %[[S:.*]] = retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} init(%[[S0]]) {scale = 2.500000e-01 : f32} :
// CHECK-SAME:      (tensor<2x4x?x32xf32>, tensor<2x4x?x32xf32>, tensor<2x4x?x48xf32>, tensor<4xf32>, tensor<2x4x32x48xf32>) -> (tensor<2x4x?x48xf32>, tensor<2x4x32x48xf32>)
// CHECK:         return %[[O]], %[[S]]
func.func @init_and_final_state(%q: tensor<2x4x?x32xf32>, %k: tensor<2x4x?x32xf32>,
                                %v: tensor<2x4x?x48xf32>, %ld: tensor<4xf32>,
                                %s0: tensor<2x4x32x48xf32>)
    -> (tensor<2x4x?x48xf32>, tensor<2x4x32x48xf32>) {
  %o, %s = retention.retention %q, %k, %v, %ld init(%s0) {scale = 0.25 : f32}
      : (tensor<2x4x?x32xf32>, tensor<2x4x?x32xf32>, tensor<2x4x?x48xf32>,
         tensor<4xf32>, tensor<2x4x32x48xf32>)
      -> (tensor<2x4x?x48xf32>, tensor<2x4x32x48xf32>)
  return %o, %s : tensor<2x4x?x48xf32>, tensor<2x4x32x48xf32>
}

// -----

// An initial state without asking for the final state.

// CHECK-LABEL: func.func @init_only
// CHECK:         %[[O:.*]] = retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} init(%{{[a-z0-9_]+}}) :
// CHECK-SAME:      tensor<1x2x8x8xf32>) -> tensor<1x2x4x8xf32>
func.func @init_only(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>,
                     %s0: tensor<1x2x8x8xf32>) -> tensor<1x2x4x8xf32> {
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>, tensor<1x2x8x8xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// A final state without an initial one.

// CHECK-LABEL: func.func @final_only
// CHECK:         %{{.*}}, %{{.*}} = retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK-SAME:      tensor<2xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
func.func @final_only(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return %o, %s : tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>
}

// -----

// The state may be f32 while q/k/v are f16 (f32 accumulation across calls).

// CHECK-LABEL: func.func @f16_inputs_f32_state
// CHECK:         retention.retention
// CHECK-SAME:      init(%{{[a-z0-9_]+}})
// CHECK-SAME:      (tensor<1x2x?x16xf16>, tensor<1x2x?x16xf16>, tensor<1x2x?x16xf16>, tensor<2xf32>, tensor<1x2x16x16xf32>) -> (tensor<1x2x?x16xf16>, tensor<1x2x16x16xf32>)
func.func @f16_inputs_f32_state(%q: tensor<1x2x?x16xf16>, %ld: tensor<2xf32>,
                                %s0: tensor<1x2x16x16xf32>)
    -> (tensor<1x2x?x16xf16>, tensor<1x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x?x16xf16>, tensor<1x2x?x16xf16>, tensor<1x2x?x16xf16>,
         tensor<2xf32>, tensor<1x2x16x16xf32>)
      -> (tensor<1x2x?x16xf16>, tensor<1x2x16x16xf32>)
  return %o, %s : tensor<1x2x?x16xf16>, tensor<1x2x16x16xf32>
}

// -----

// ...or the inputs' own element type.

// CHECK-LABEL: func.func @bf16_inputs_bf16_state
// CHECK:         retention.retention
// CHECK-SAME:      tensor<1x2x16x16xbf16>) -> (tensor<1x2x?x16xbf16>, tensor<1x2x16x16xbf16>)
func.func @bf16_inputs_bf16_state(%q: tensor<1x2x?x16xbf16>, %ld: tensor<2xf32>,
                                  %s0: tensor<1x2x16x16xbf16>)
    -> (tensor<1x2x?x16xbf16>, tensor<1x2x16x16xbf16>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x?x16xbf16>, tensor<1x2x?x16xbf16>, tensor<1x2x?x16xbf16>,
         tensor<2xf32>, tensor<1x2x16x16xbf16>)
      -> (tensor<1x2x?x16xbf16>, tensor<1x2x16x16xbf16>)
  return %o, %s : tensor<1x2x?x16xbf16>, tensor<1x2x16x16xbf16>
}

// -----

// A dynamic batch in the state is compatible with a static one in q.

// CHECK-LABEL: func.func @dynamic_state_batch
// CHECK:         retention.retention
// CHECK-SAME:      tensor<?x2x8x8xf32>) -> (tensor<3x2x4x8xf32>, tensor<?x2x8x8xf32>)
func.func @dynamic_state_batch(%q: tensor<3x2x4x8xf32>, %ld: tensor<2xf32>,
                               %s0: tensor<?x2x8x8xf32>)
    -> (tensor<3x2x4x8xf32>, tensor<?x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<3x2x4x8xf32>, tensor<3x2x4x8xf32>, tensor<3x2x4x8xf32>,
         tensor<2xf32>, tensor<?x2x8x8xf32>)
      -> (tensor<3x2x4x8xf32>, tensor<?x2x8x8xf32>)
  return %o, %s : tensor<3x2x4x8xf32>, tensor<?x2x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @decay_normalization
// CHECK:         retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {decay_normalization, scale = 5.000000e-01 : f32} :
// CHECK-SAME:      -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
func.func @decay_normalization(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld {decay_normalization, scale = 0.5 : f32}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return %o, %s : tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @schedule_parallel
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>} :
func.func @schedule_parallel(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x4x8xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @schedule_chunkwise
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 64>} :
func.func @schedule_chunkwise(%q: tensor<1x2x?x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x?x8xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
      : (tensor<1x2x?x8xf32>, tensor<1x2x?x8xf32>, tensor<1x2x?x8xf32>,
         tensor<2xf32>) -> tensor<1x2x?x8xf32>
  return %o : tensor<1x2x?x8xf32>
}

// -----

// A chunk larger than T is legal (a single, partial chunk).

// CHECK-LABEL: func.func @schedule_chunkwise_larger_than_t
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 1000>} :
func.func @schedule_chunkwise_larger_than_t(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x4x8xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 1000>}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @schedule_recurrent
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<recurrent>} :
func.func @schedule_recurrent(%q: tensor<1x2x1x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x1x8xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x1x8xf32>, tensor<1x2x1x8xf32>, tensor<1x2x1x8xf32>,
         tensor<2xf32>) -> tensor<1x2x1x8xf32>
  return %o : tensor<1x2x1x8xf32>
}

// -----

// All attributes together.

// CHECK-LABEL: func.func @all_attributes
// CHECK:         retention.retention {{.*}} {decay_normalization, scale = 3.125000e-02 : f32, schedule = #retention.schedule<chunkwise, chunk_size = 16>} :
func.func @all_attributes(%q: tensor<?x2x?x8xbf16>, %ld: tensor<2xf32>)
    -> (tensor<?x2x?x8xbf16>, tensor<?x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<chunkwise, chunk_size = 16>,
       decay_normalization, scale = 0.03125 : f32}
      : (tensor<?x2x?x8xbf16>, tensor<?x2x?x8xbf16>, tensor<?x2x?x8xbf16>,
         tensor<2xf32>) -> (tensor<?x2x?x8xbf16>, tensor<?x2x8x8xf32>)
  return %o, %s : tensor<?x2x?x8xbf16>, tensor<?x2x8x8xf32>
}

// -----

// The schedule attribute on its own (outside the op) round-trips too.

// CHECK-LABEL: func.func @schedule_attrs_standalone
// CHECK-SAME:    attributes {c = #retention.schedule<chunkwise, chunk_size = 128>, p = #retention.schedule<parallel>, r = #retention.schedule<recurrent>}
func.func @schedule_attrs_standalone()
    attributes {p = #retention.schedule<parallel>,
                c = #retention.schedule<chunkwise, chunk_size = 128>,
                r = #retention.schedule<recurrent>} {
  return
}

// -----

// torchscale's normalized recurrence continued at a run-time position: the
// initial state and an i64 offset (the absolute position of the first token).
// CHECK-LABEL: func.func @normalized_with_offset
// CHECK:         retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} init(%{{.*}}) offset(%{{.*}}) {decay_normalization} : (tensor<1x2x1x8xf32>, tensor<1x2x1x8xf32>, tensor<1x2x1x8xf32>, tensor<2xf32>, tensor<1x2x8x8xf32>, i64) -> (tensor<1x2x1x8xf32>, tensor<1x2x8x8xf32>)
func.func @normalized_with_offset(%q: tensor<1x2x1x8xf32>, %ld: tensor<2xf32>,
                                  %s0: tensor<1x2x8x8xf32>, %pos: i64)
    -> (tensor<1x2x1x8xf32>, tensor<1x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0) offset(%pos) {decay_normalization}
      : (tensor<1x2x1x8xf32>, tensor<1x2x1x8xf32>, tensor<1x2x1x8xf32>, tensor<2xf32>,
         tensor<1x2x8x8xf32>, i64) -> (tensor<1x2x1x8xf32>, tensor<1x2x8x8xf32>)
  return %o, %s : tensor<1x2x1x8xf32>, tensor<1x2x8x8xf32>
}
