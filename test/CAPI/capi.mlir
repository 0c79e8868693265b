// The C API test program (test/CAPI/retnet-capi-test.c) checks its own output.
// RUN: retnet-capi-test %t.so %retnet_obj/lib/libretnet_runtime.a 2>&1 | FileCheck %S/retnet-capi-test.c
