// RUN: retnet-opt %s -retention-approximate-math | FileCheck %s

// Layer-level GELU / SiLU / tanh in f32: polynomials, no libm call left
// (the loops around them vectorize).
// CHECK-LABEL: func.func @activations(
// CHECK-NOT:     math.erf
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.tanh
// CHECK:         math.fma
// CHECK:         return
func.func @activations(%x: f32, %v: vector<16xf32>) -> (f32, f32, vector<16xf32>) {
  %e = math.erf %x : f32
  %s = math.exp %x : f32
  %t = math.tanh %v : vector<16xf32>
  return %e, %s, %t : f32, f32, vector<16xf32>
}

// f64 has no approximation: left to libm.
// CHECK-LABEL: func.func @double(
// CHECK:         math.erf %{{.*}} : f64
func.func @double(%x: f64) -> f64 {
  %e = math.erf %x : f64
  return %e : f64
}

// A retention kernel keeps libm's exp (its decay factors are the op's numbers).
// CHECK-LABEL: func.func private @__retention_recurrent(
// CHECK:         math.exp %{{.*}} : f32
func.func private @__retention_recurrent(%x: f32) -> f32 {
  %e = math.exp %x : f32
  return %e : f32
}
