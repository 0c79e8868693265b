// RUN: retnet-compile %s --print-schedules --emit=mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=AUTO
// RUN: retnet-compile %s --print-schedules --schedule=parallel --emit=mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=PAR
// RUN: retnet-compile %s --print-schedules --schedule=recurrent --emit=mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=REC
// RUN: retnet-compile %s --print-schedules --schedule=chunkwise --chunk-size=16 --emit=mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=CW16
// RUN: retnet-compile %s --print-schedules --chunk-size=128 --emit=mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=AUTO128
// RUN: retnet-compile %s --schedule=recurrent --emit=llvm -o - | FileCheck %s --check-prefix=LLVM

// --schedule and --chunk-size apply to ops without a pinned schedule; the
// pinned one (the last op) is always reported as written. Without
// --schedule the cost model decides: the two dynamic-T ops get the faster
// linear form at T = 2048, recurrent for the small 16 x 16 state and
// chunkwise (C = 64) for big 256 x 432 heads, the one --chunk-size changes.

// AUTO:      schedule: {{.*}}: #retention.schedule<recurrent> T=? Dk=16 Dv=16
// AUTO-NEXT: schedule: {{.*}}: #retention.schedule<chunkwise, chunk_size = 64> T=? Dk=256 Dv=432
// AUTO-NEXT: schedule: {{.*}}: #retention.schedule<parallel> T=16 Dk=64 Dv=64
// AUTO-NEXT: schedule: {{.*}}: #retention.schedule<chunkwise, chunk_size = 8> T=32 Dk=16 Dv=16

// PAR:       schedule: {{.*}}: #retention.schedule<parallel> T=?
// PAR-NEXT:  schedule: {{.*}}: #retention.schedule<parallel> T=?
// PAR-NEXT:  schedule: {{.*}}: #retention.schedule<parallel> T=16
// PAR-NEXT:  schedule: {{.*}}: #retention.schedule<chunkwise, chunk_size = 8> T=32

// REC:       schedule: {{.*}}: #retention.schedule<recurrent> T=?
// REC-NEXT:  schedule: {{.*}}: #retention.schedule<recurrent> T=?
// REC-NEXT:  schedule: {{.*}}: #retention.schedule<recurrent> T=16
// REC-NEXT:  schedule: {{.*}}: #retention.schedule<chunkwise, chunk_size = 8> T=32

// CW16:      schedule: {{.*}}: #retention.schedule<chunkwise, chunk_size = 16> T=?
// CW16-NEXT: schedule: {{.*}}: #retention.schedule<chunkwise, chunk_size = 16> T=?
// CW16-NEXT: schedule: {{.*}}: #retention.schedule<chunkwise, chunk_size = 16> T=16
// CW16-NEXT: schedule: {{.*}}: #retention.schedule<chunkwise, chunk_size = 8> T=32

// --chunk-size alone changes the chunkwise decision only.
// AUTO128:      schedule: {{.*}}: #retention.schedule<recurrent> T=? Dk=16
// AUTO128-NEXT: schedule: {{.*}}: #retention.schedule<chunkwise, chunk_size = 128> T=? Dk=256
// AUTO128-NEXT: schedule: {{.*}}: #retention.schedule<parallel> T=16
// AUTO128-NEXT: schedule: {{.*}}: #retention.schedule<chunkwise, chunk_size = 8> T=32

// LLVM: define void @_mlir_ciface_dynamic_t(
// LLVM: define void @_mlir_ciface_dynamic_t_big_heads(
// LLVM: define void @_mlir_ciface_short(
// LLVM: define void @_mlir_ciface_pinned(

func.func @dynamic_t(%q: tensor<1x2x?x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x?x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>,
         tensor<2xf32>) -> tensor<1x2x?x16xf32>
  return %o : tensor<1x2x?x16xf32>
}

func.func @dynamic_t_big_heads(%q: tensor<1x2x?x256xf32>, %v: tensor<1x2x?x432xf32>,
                               %ld: tensor<2xf32>) -> tensor<1x2x?x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x?x256xf32>, tensor<1x2x?x256xf32>, tensor<1x2x?x432xf32>,
         tensor<2xf32>) -> tensor<1x2x?x432xf32>
  return %o : tensor<1x2x?x432xf32>
}

func.func @short(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

func.func @pinned(%q: tensor<1x2x32x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x32x16xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 8>}
      : (tensor<1x2x32x16xf32>, tensor<1x2x32x16xf32>, tensor<1x2x32x16xf32>,
         tensor<2xf32>) -> tensor<1x2x32x16xf32>
  return %o : tensor<1x2x32x16xf32>
}
