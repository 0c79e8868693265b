//===- Schedules.cpp - one description of each retention schedule --------===//
//
// The order of each schedule's phases, once for every target (the phases'
// math is stated in Schedules.h).
//
//===----------------------------------------------------------------------===//

#include "retnet/Conversion/RetentionCommon/Schedules.h"

using namespace mlir;
using namespace mlir::retention::schedules;

ParallelPhases::~ParallelPhases() = default;
ChunkwisePhases::~ChunkwisePhases() = default;
RecurrentPhases::~RecurrentPhases() = default;

void mlir::retention::schedules::buildParallel(ParallelPhases &phases,
                                               bool wantState) {
  phases.forEachQueryTile([&](const Rows &query) {
    phases.forEachKeyTile(query, [&](const Rows &key) {
      Value s = phases.scores(query, key);
      phases.accumulate(query, key, s);
    });
    phases.finishRows(query);
  });
  if (wantState)
    phases.finalState();
}

void mlir::retention::schedules::buildChunkwise(ChunkwisePhases &phases) {
  phases.forEachChunk([&](const Rows &chunk) {
    Value s = phases.scores(chunk);
    phases.rows(chunk, s);
    phases.advanceState(chunk);
  });
}

void mlir::retention::schedules::buildRecurrent(RecurrentPhases &phases) {
  phases.forEachToken([&](Value token) { phases.step(token); });
}
