//===- Limits.h - documented bounds of the compiler -------------*- C++ -*-===//
//
// The bounds every entry point enforces, in one place (docs/design.md,
// "Bounds"). Plain C++: the dialect, the passes, the tools and the fuzzer
// include it.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_LIMITS_H
#define RETNET_LIMITS_H

#include <cstdint>

namespace retnet {

/// The largest chunk size of a chunkwise schedule. The CPU lowering keeps
/// C x C f32 tiles (and the GPU lowering a C x C scratch tile per (batch,
/// head) beyond its shared-memory chunks); 4096 is a 64 MiB tile, and no
/// measured chunk size beats 256. Enforced by the schedule attribute's
/// verifier (`#retention.schedule<chunkwise, chunk_size = N>`), the
/// `chunk-size` option of retention-select-schedule and the pipelines, and
/// retnet-compile's --chunk-size. Where T is static the lowerings clamp the
/// effective chunk to T (a chunk longer than the sequence is one chunk).
inline constexpr int64_t kMaxChunkSize = 4096;

/// The deepest nesting of brackets ((, [ and {, outside strings and comments)
/// retnet-compile accepts in its input. MLIR's parser recurses per level and
/// overflows its stack at a depth of about 6000; real modules nest a few
/// dozen levels deep.
inline constexpr int64_t kMaxNestingDepth = 1000;

/// The largest register tile of the CPU contractions (rows x f32 lanes, and
/// their product: accumulators held in vector registers and unrolled in the
/// code). AVX-512's tile is 8 x 32; a tile of 63 x 1023 made LLVM's code
/// generation run for minutes. Enforced by `#retention.lowering_config`'s
/// verifier and the register-tile options of convert-retention-to-cpu and
/// convert-layer-contractions-to-cpu.
inline constexpr int64_t kMaxRegisterTileRows = 16;
inline constexpr int64_t kMaxRegisterTileLanes = 128;
inline constexpr int64_t kMaxRegisterTileElements = 1024;

/// Whether rows x lanes is a register tile the CPU contractions accept:
/// [0, 0] (plain loops) or positive within the bounds above.
inline bool isValidRegisterTile(int64_t rows, int64_t lanes) {
  if (rows == 0 && lanes == 0)
    return true;
  return rows > 0 && lanes > 0 && rows <= kMaxRegisterTileRows &&
         lanes <= kMaxRegisterTileLanes &&
         rows * lanes <= kMaxRegisterTileElements;
}

} // namespace retnet

#endif // RETNET_LIMITS_H
