// RUN: retnet-compile %s --emit=mlir -o /dev/null --mlir-print-ir-after-all 2>&1 | FileCheck %s

// The pass manager's IR printing works in retnet-compile: the pipeline's
// passes run in order, the schedule is written first, then lowered.

// CHECK:      IR Dump After RetentionSelectSchedule (retention-select-schedule)
// CHECK:        retention.retention {{.*}}schedule = #retention.schedule<recurrent>
// CHECK:      IR Dump After ConvertRetentionToCPU (convert-retention-to-cpu)
// CHECK-NOT:    retention.retention
// CHECK:      IR Dump After RetentionExportCInterface (retention-export-c-interface)
// CHECK:        func.func @decode({{.*}}{bufferization.writable = false}{{.*}} attributes {llvm.emit_c_interface}
// CHECK:      IR Dump After OneShotBufferizePass (one-shot-bufferize)
// CHECK:      IR Dump After BufferResultsToOutParamsPass (buffer-results-to-out-params)
// CHECK:      IR Dump After RetentionExpandCopies (retention-expand-copies)
// CHECK:      IR Dump After ConvertLinalgToLoopsPass (convert-linalg-to-loops)
// CHECK:      IR Dump After ConvertFuncToLLVMPass (convert-func-to-llvm)
// CHECK:      IR Dump After ReconcileUnrealizedCastsPass (reconcile-unrealized-casts)

func.func @decode(%q: tensor<1x2x1x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x1x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>,
         tensor<2xf32>) -> tensor<1x2x1x16xf32>
  return %o : tensor<1x2x1x16xf32>
}
