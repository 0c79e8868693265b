//===- ABI.h - the ABI manifest of a compiled module ------------*- C++ -*-===//
//
// What a caller needs to call the artifact's entry points: each public
// function's name, symbol, argument and result types, and which result may
// alias which input. retnet-compile writes it next to the artifact; Python
// reads it (python/retnet_mlir/abi.py) instead of parsing MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_COMPILER_ABI_H
#define RETNET_COMPILER_ABI_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <utility>
#include <vector>

namespace retnet::abi {

struct TensorABI {
  llvm::SmallVector<int64_t> shape; ///< -1: dynamic
  std::string dtype;
  bool scalar = false; ///< passed by value, not as a memref descriptor
};

struct FunctionABI {
  std::string name;
  llvm::SmallVector<TensorABI> inputs, outputs;
  llvm::SmallVector<std::pair<unsigned, unsigned>> aliases; ///< (out, in)
};

/// The entry points of `module` as the caller sees them: its public
/// functions with a body, from the parsed module (before any lowering); a
/// function with a type the manifest cannot describe is left out with a
/// warning. An output may alias an input when it is the final state of a
/// retention op whose initial state is that input, of the same type and
/// used by nothing else: every schedule reads a state element before it
/// writes it (docs/embedding.md, in-place decode).
std::vector<FunctionABI> collectABI(mlir::ModuleOp module);

/// The manifest as JSON (format "retnet-abi", version 1).
void writeABI(llvm::raw_ostream &os, llvm::ArrayRef<FunctionABI> functions,
              llvm::StringRef target, llvm::StringRef mcpu);

} // namespace retnet::abi

#endif // RETNET_COMPILER_ABI_H
