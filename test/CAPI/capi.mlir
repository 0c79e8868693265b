// The C API test program (test/CAPI/retnet-capi-test.c) checks its own output.
// RUN: retnet-capi-test 2>&1 | FileCheck %S/retnet-capi-test.c
