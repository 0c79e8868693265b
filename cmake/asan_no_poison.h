/*===- cmake/asan_no_poison.h - ASan builds against an uninstrumented MLIR -===*\
|*                                                                            *|
|* Force-included (-include) into the project's C++ code when it is built    *|
|* with -fsanitize=address (RETNET_SANITIZE, scripts/fuzz.sh,                *|
|* scripts/sanitizers.sh). libMLIR and libLLVM are not instrumented, but      *|
|* LLVM's allocators are header templates: a slab that our instrumented copy  *|
|* of BumpPtrAllocator poisons (the storage of an attribute uniqued from our   *|
|* code) is handed out later by libMLIR's uninstrumented copy, which never    *|
|* unpoisons it, and ASan reports a use-after-poison inside MLIR. Without    *|
|* the poisoning, ASan still checks our code's heap, stack and globals.       *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef RETNET_CMAKE_ASAN_NO_POISON_H
#define RETNET_CMAKE_ASAN_NO_POISON_H
#ifdef __cplusplus
#include "llvm/Support/Compiler.h"
#undef __asan_poison_memory_region
#undef __asan_unpoison_memory_region
#define __asan_poison_memory_region(p, size) ((void)(p), (void)(size))
#define __asan_unpoison_memory_region(p, size) ((void)(p), (void)(size))
#endif
#endif
