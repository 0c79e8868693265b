/*===- retnet-capi-test.c - the C API, used from C
 * -------------------------===*/
/* Registers the dialect and passes through the C API, parses a module with a
 * retention op, runs retention-select-schedule through a parsed pipeline and
 * through retnetSelectSchedules, and prints the results. */

#include "retnet-c/Compiler.h"
#include "retnet-c/Dialects.h"

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static void printToStdout(MlirStringRef s, void *user) {
  (void)user;
  fwrite(s.data, 1, s.length, stdout);
}

static const char *kModule =
    "func.func @f(%q: tensor<1x4x1x64xf32>, %ld: tensor<4xf32>) -> "
    "tensor<1x4x1x64xf32> {\n"
    "  %o = retention.retention %q, %q, %q, %ld : (tensor<1x4x1x64xf32>, "
    "tensor<1x4x1x64xf32>,"
    " tensor<1x4x1x64xf32>, tensor<4xf32>) -> tensor<1x4x1x64xf32>\n"
    "  return %o : tensor<1x4x1x64xf32>\n"
    "}\n"
    "func.func @g(%q: tensor<1x4x?x64xf32>, %ld: tensor<4xf32>) -> "
    "tensor<1x4x?x64xf32> {\n"
    "  %o = retention.retention %q, %q, %q, %ld : (tensor<1x4x?x64xf32>, "
    "tensor<1x4x?x64xf32>,"
    " tensor<1x4x?x64xf32>, tensor<4xf32>) -> tensor<1x4x?x64xf32>\n"
    "  return %o : tensor<1x4x?x64xf32>\n"
    "}\n";

/* argv[1]: where to write a shared library, argv[2]: libretnet_runtime.a. */
int main(int argc, char **argv) {
  /* stdout and the diagnostics on stderr in the order they happen. */
  setvbuf(stdout, NULL, _IONBF, 0);
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  retnetRegisterAllDialects(registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  MlirDialectHandle handle = mlirGetDialectHandle__retention__();
  MlirStringRef ns = mlirDialectHandleGetNamespace(handle);
  // CHECK: dialect: retention
  printf("dialect: %.*s\n", (int)ns.length, ns.data);
  mlirDialectHandleLoadDialect(handle, ctx);

  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kModule));
  if (mlirModuleIsNull(module)) {
    fprintf(stderr, "parse failed\n");
    return 1;
  }

  retnetRegisterAllPasses();
  retnetRegisterAllPipelines();
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  MlirLogicalResult parsed =
      mlirParsePassPipeline(opm,
                            mlirStringRefCreateFromCString(
                                "builtin.module(retention-select-schedule)"),
                            printToStdout, NULL);
  if (mlirLogicalResultIsFailure(parsed)) {
    fprintf(stderr, "pipeline parse failed\n");
    return 1;
  }
  if (mlirLogicalResultIsFailure(
          mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module)))) {
    fprintf(stderr, "pass failed\n");
    return 1;
  }
  /* The host CPU's decisions: @f (T = 1) and @g (dynamic T with a small
   * 64 x 64 state: the faster linear form at T = 2048) are recurrent. */
  // CHECK-LABEL: func.func @f
  // CHECK: schedule = #retention.schedule<recurrent>
  // CHECK-LABEL: func.func @g
  // CHECK: schedule = #retention.schedule<recurrent>
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");

  /* The direct entry point: unknown targets are refused. */
  MlirModule again =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kModule));
  // CHECK: unknown target refused: 1
  printf("unknown target refused: %d\n",
         !retnetSelectSchedules(mlirModuleGetOperation(again),
                                mlirStringRefCreateFromCString("tpu")));
  // CHECK: cuda accepted: 1
  printf("cuda accepted: %d\n",
         retnetSelectSchedules(mlirModuleGetOperation(again),
                               mlirStringRefCreateFromCString("cuda")));
  /* The target reaches the cost model: on CUDA the same @g is chunkwise. */
  // CHECK: func.func @g
  // CHECK: schedule = #retention.schedule<chunkwise, chunk_size = 64>
  mlirOperationPrint(mlirModuleGetOperation(again), printToStdout, NULL);
  printf("\n");

  /* The compile back end: the scheduled module to a shared library that
   * exports its entry points and the call status. */
  if (argc > 2) {
    MlirModule lib =
        mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kModule));
    MlirLogicalResult compiled = retnetCompileToSharedLibrary(
        lib, mlirStringRefCreateFromCString(argv[1]),
        mlirStringRefCreateFromCString(argv[2]));
    // CHECK: compiled: 1
    printf("compiled: %d\n", mlirLogicalResultIsSuccess(compiled));
    void *handle = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    // CHECK: loaded: 1 f: 1 g: 1 status: 1
    printf("loaded: %d f: %d g: %d status: %d\n", handle != NULL,
           handle && dlsym(handle, "_mlir_ciface_f") != NULL,
           handle && dlsym(handle, "_mlir_ciface_g") != NULL,
           handle && dlsym(handle, "retnet_last_error") != NULL);
    if (handle)
      dlclose(handle);
    mlirModuleDestroy(lib);
    /* A runtime library that is not there: a diagnostic, failure. */
    MlirModule bad =
        mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kModule));
    // CHECK: error: the runtime library is missing:
    // /nonexistent/libretnet_runtime.a CHECK: missing runtime refused: 1
    printf("missing runtime refused: %d\n",
           mlirLogicalResultIsFailure(retnetCompileToSharedLibrary(
               bad, mlirStringRefCreateFromCString(argv[1]),
               mlirStringRefCreateFromCString(
                   "/nonexistent/libretnet_runtime.a"))));
    mlirModuleDestroy(bad);
  }

  mlirModuleDestroy(again);
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return 0;
}
