// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The channel-lanes depthwise microkernel (dwconv_channel_lanes_microkernel.h).
#include "kernels/dwconv_channel_lanes_microkernel.h"

#include "kernels/vec.h"

namespace wasmconv::kernels {
namespace {

constexpr int kBlockVecs = static_cast<int>(kChannelLanesBlock) / kLanes;
static_assert(kBlockVecs * kLanes == kChannelLanesBlock, "a block is whole vectors");

// The taps of one output coordinate that fall inside the input: k in [first, end) for the
// output at `o` (stride s, dilation d, leading pad `pad`, input length n, kernel extent k).
struct TapRange {
  int64_t start, first, end;  // start: the input coordinate of tap 0
};
TapRange tap_range(int64_t o, int64_t s, int64_t d, int64_t pad, int64_t n, int64_t k) {
  TapRange r{o * s - pad, 0, k};
  while (r.first < r.end && r.start + r.first * d < 0) ++r.first;
  while (r.end > r.first && r.start + (r.end - 1) * d >= n) --r.end;
  return r;
}

alignas(16) constexpr float kZeroBlock[kChannelLanesBlock] = {};

// acc[v] += x[v] * w[v] for the block's vectors.
inline void add_tap(const float* xv, const float* wv, Vec (&acc)[kBlockVecs]) {
  for (int v = 0; v < kBlockVecs; ++v) {
    acc[v] =
        madd(Vec::load_unaligned(xv + v * kLanes), Vec::load_unaligned(wv + v * kLanes), acc[v]);
  }
}

}  // namespace

// Not inlined: under link-time optimisation it would otherwise fold into its one caller,
// whose set-up is compiled for size. Each tap loads an input and a weight vector per accumulator.
// Two neighbouring pixels sharing each weight load (eight accumulators) ran no faster in the
// relaxed build (960x7x7 3x3, 240x14x14 5x5 stride 2: within 1%), and cost 600 B of .wasm.
__attribute__((noinline)) void dwconv_f32_channel_lanes_block(const ChannelLanesShape& s,
                                                              const float* xt, const float* wt,
                                                              const float* bt, float* yt) {
  for (int64_t oh = 0; oh < s.out_h; ++oh) {
    const TapRange rows = tap_range(oh, s.stride_h, s.dil_h, s.pad_top, s.in_h, s.k_h);
    for (int64_t ow = 0; ow < s.out_w; ++ow) {
      const TapRange cols = tap_range(ow, s.stride_w, s.dil_w, s.pad_left, s.in_w, s.k_w);
      Vec acc[kBlockVecs];
      for (int v = 0; v < kBlockVecs; ++v) acc[v] = Vec::load_unaligned(bt + v * kLanes);
      if (rows.first == 0 && rows.end == s.k_h && cols.first == 0 && cols.end == s.k_w) {
        for (int64_t kh = 0; kh < s.k_h; ++kh) {
          const int64_t row = (rows.start + kh * s.dil_h) * s.in_w + cols.start;
          for (int64_t kw = 0; kw < s.k_w; ++kw) {
            add_tap(xt + (row + kw * s.dil_w) * kChannelLanesBlock,
                    wt + (kh * s.k_w + kw) * kChannelLanesBlock, acc);
          }
        }
      } else {
        // At the border, a tap outside the input multiplies zeros, as the padding's taps do in
        // the reference (an Inf weight there gives NaN).
        for (int64_t kh = 0; kh < s.k_h; ++kh) {
          const bool row_in = kh >= rows.first && kh < rows.end;
          for (int64_t kw = 0; kw < s.k_w; ++kw) {
            const bool in = row_in && kw >= cols.first && kw < cols.end;
            const float* xv =
                in ? xt + ((rows.start + kh * s.dil_h) * s.in_w + cols.start + kw * s.dil_w) *
                              kChannelLanesBlock
                   : kZeroBlock;
            add_tap(xv, wt + (kh * s.k_w + kw) * kChannelLanesBlock, acc);
          }
        }
      }
      float* out = yt + (oh * s.out_w + ow) * kChannelLanesBlock;
      for (int v = 0; v < kBlockVecs; ++v) acc[v].store_unaligned(out + v * kLanes);
    }
  }
}

}  // namespace wasmconv::kernels
