//===- RaiseMask.cpp - read a decay mask by value -------------------------===//
//
// The mask factors retention-raise collects on the scores are multiplied out
// over retention's index space (batch atoms, query time n, key time m) and
// checked by value: which batch atoms they vary along (the heads), and that
// each head's [T, T] matrix is a causal geometric decay mask, up to a common
// scale and torchscale's row normalization.
//
//===----------------------------------------------------------------------===//

#include "RaiseMatch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::raise;

namespace {

/// Retention's index space: `atoms` row-major, and each factor's element
/// offset per unit step of each of those atoms.
struct IndexSpace {
  SmallVector<int> atoms;
  SmallVector<int64_t> sizes, strides;
  int64_t total = 1;
};

IndexSpace makeSpace(const Atoms &atoms, ArrayRef<int> order) {
  IndexSpace s;
  s.atoms.assign(order.begin(), order.end());
  for (int a : order)
    s.sizes.push_back(atoms.size(a));
  s.strides.assign(order.size(), 1);
  for (int i = static_cast<int>(order.size()) - 2; i >= 0; --i)
    s.strides[i] = s.strides[i + 1] * s.sizes[i + 1];
  for (int64_t size : s.sizes)
    s.total *= size;
  return s;
}

/// The offset into `f` per unit step of each atom of `space`, or failure if
/// `f` indexes atoms outside it.
FailureOr<SmallVector<int64_t>> factorStrides(const Atoms &atoms,
                                              const IndexSpace &space,
                                              const MaskFactor &f) {
  SmallVector<int64_t> strides(space.atoms.size(), 0);
  Layout layout = atoms.leaves(f.layout);
  int64_t dimStride = 1;
  for (int d = static_cast<int>(layout.size()) - 1; d >= 0; --d) {
    int64_t atomStride = dimStride;
    for (int a : llvm::reverse(layout[d])) {
      auto it = llvm::find(space.atoms, a);
      if (it == space.atoms.end())
        return failure();
      strides[it - space.atoms.begin()] = atomStride;
      atomStride *= atoms.size(a);
    }
    dimStride *= f.values.shape[d];
  }
  return strides;
}

bool near(double a, double b, double scale) {
  return std::fabs(a - b) <= 1e-4 * std::max(scale, 1e-30);
}

/// Checks `d` ([heads, T, T], row-major) is `c * r_n * gamma_h^(n - m)`.
std::optional<MaskInfo> analyzeMask(ArrayRef<double> d, int64_t heads,
                                    int64_t t) {
  if (t < 2)
    return std::nullopt;
  double c = d[0];
  if (!std::isfinite(c) || c == 0.0)
    return std::nullopt;
  MaskInfo info;
  info.scale = c;
  std::optional<bool> normalized;
  for (int64_t h = 0; h < heads; ++h) {
    const double *raw = d.data() + h * t * t;
    if (std::fabs(raw[0] - c) > 1e-6 * std::fabs(c))
      return std::nullopt; // a different scale per head
    auto m = [&](int64_t n, int64_t k) { return raw[n * t + k] / c; };
    // gamma^n = m[n, 0] / m[n, n], read at the largest n still far above
    // underflow (the log-decay's rounding error shrinks with n).
    double gamma = 0.0;
    for (int64_t n = 1; n < t; ++n) {
      double ratio = m(n, 0) / m(n, n);
      if (!(ratio > 1e-20) || !std::isfinite(ratio))
        break;
      gamma = std::pow(ratio, 1.0 / static_cast<double>(n));
    }
    if (!(gamma > 0) || gamma > 1.0 + 1e-6)
      return std::nullopt;
    double sum = 0;
    for (int64_t n = 0; n < t; ++n) {
      sum = sum * gamma + 1.0; // sum_{j <= n} gamma^j
      double rn = m(n, n);
      if (!(rn > 0))
        return std::nullopt;
      bool plainRow = near(rn, 1.0, 1.0);
      bool normRow = near(rn, 1.0 / std::sqrt(sum), rn);
      if (!plainRow && !normRow)
        return std::nullopt;
      bool rowNorm = !plainRow; // rows where both hold say nothing
      if (!plainRow || !normRow) {
        if (normalized && *normalized != rowNorm)
          return std::nullopt;
        normalized = rowNorm;
      }
      double pow = 1.0;
      for (int64_t k = n; k >= 0; --k, pow *= gamma)
        if (!near(m(n, k), rn * pow, rn))
          return std::nullopt;
      for (int64_t k = n + 1; k < t; ++k)
        if (raw[n * t + k] != 0.0)
          return std::nullopt;
    }
    info.logDecay.push_back(static_cast<float>(std::log(gamma)));
  }
  info.normalized = normalized.value_or(false);
  return info;
}

} // namespace

FailureOr<MaskInfo> mlir::retention::raise::analyzeMaskFactors(
    const Atoms &atoms, ArrayRef<int> batch, int queryTime, int keyTime,
    ArrayRef<MaskFactor> factors, StringRef &why) {
  SmallVector<int> order(batch.begin(), batch.end());
  SmallVector<int, 2> tq = atoms.leaves(ArrayRef<int>(queryTime));
  SmallVector<int, 2> tk = atoms.leaves(ArrayRef<int>(keyTime));
  llvm::append_range(order, tq);
  llvm::append_range(order, tk);
  IndexSpace space = makeSpace(atoms, order);
  int64_t t = atoms.size(queryTime);
  if (space.total > (int64_t(1) << 24))
    return why = "mask too large to read", failure();

  // The product of the factors at every point of the space.
  SmallVector<SmallVector<int64_t>> strides;
  for (const MaskFactor &f : factors) {
    FailureOr<SmallVector<int64_t>> s = factorStrides(atoms, space, f);
    if (failed(s))
      return why = "mask indexed by other indices", failure();
    strides.push_back(std::move(*s));
  }
  std::vector<double> d(space.total, 1.0);
  SmallVector<int64_t> point(order.size(), 0);
  SmallVector<int64_t> offset(factors.size(), 0);
  for (int64_t i = 0; i < space.total; ++i) {
    for (auto [f, off] : llvm::zip_equal(factors, offset))
      d[i] *= f.values.data[off];
    for (int a = static_cast<int>(order.size()) - 1; a >= 0; --a) {
      for (auto [s, off] : llvm::zip_equal(strides, offset))
        off += s[a];
      if (++point[a] < space.sizes[a])
        break;
      for (auto [s, off] : llvm::zip_equal(strides, offset))
        off -= s[a] * space.sizes[a];
      point[a] = 0;
    }
  }

  // Heads: the batch atoms the mask varies along.
  MaskInfo info;
  SmallVector<bool> isHead(batch.size(), false);
  for (size_t a = 0; a < batch.size(); ++a) {
    for (int64_t i = 0; i < space.total && !isHead[a]; ++i) {
      int64_t coord = (i / space.strides[a]) % space.sizes[a];
      isHead[a] = d[i] != d[i - coord * space.strides[a]];
    }
  }
  if (!batch.empty() && llvm::none_of(isHead, [](bool b) { return b; }))
    isHead.back() = true; // one mask for all: heads are the last index
  int64_t heads = 1;
  SmallVector<int64_t> headStrides;
  for (size_t a = 0; a < batch.size(); ++a) {
    if (isHead[a]) {
      info.heads.push_back(batch[a]);
      heads *= space.sizes[a];
      headStrides.push_back(space.strides[a]);
    } else {
      info.batch.push_back(batch[a]);
    }
  }
  // Each head's [T, T] matrix, at batch index 0.
  std::vector<double> perHead;
  perHead.reserve(heads * t * t);
  for (int64_t h = 0; h < heads; ++h) {
    int64_t base = 0, rest = h;
    for (size_t j = info.heads.size(); j-- > 0;) {
      int64_t size = atoms.size(info.heads[j]);
      base += (rest % size) * headStrides[j];
      rest /= size;
    }
    perHead.insert(perHead.end(), d.begin() + base, d.begin() + base + t * t);
  }
  std::optional<MaskInfo> m = analyzeMask(perHead, heads, t);
  if (!m)
    return why = "not a causal decay mask", failure();
  info.logDecay = std::move(m->logDecay);
  info.normalized = m->normalized;
  info.scale = m->scale;
  return info;
}
