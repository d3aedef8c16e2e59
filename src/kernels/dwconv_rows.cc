// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Depthwise convolution over a ring of padded rows (dwconv_rows.h).
#include "kernels/dwconv_rows.h"

#include <algorithm>
#include <vector>

#include "core/border.h"
#include "kernels/dwconv_3x3_microkernel.h"
#include "kernels/dwconv_microkernel.h"
#include "kernels/padded_image.h"
#include "kernels/row_ops.h"
#include "kernels/row_tasks.h"

namespace wasmconv::kernels {
namespace {

// Output rows per block: 2 rows of 4 vectors share each tap's broadcast and offset (8
// accumulators); 3 or 4 rows measured no faster, and spill in V8.
constexpr int64_t kDwRows = 2;

// The padded input rows of one input channel. Padded row h lives in slot h % slots, and
// when that slot is one of the first `window - 1` also in slot h % slots + slots (a
// mirrored ring), so the `window` consecutive rows starting at any h are contiguous,
// `slot_len` floats apart: the microkernel reads them through one fixed table of tap
// offsets. Only windows that wrap read the copies, so a ring of many slots copies few rows
// twice. tag[slot] is the row (d * padded_h + h) held.
// With stride_w > 1 each row is stored split into stride_w phases (the layout of
// padded_image.h), so output column ow reads slot ow + q of phase p through a tap at
// padded column offset q * stride_w + p: contiguous loads, no gathers.
// A slot holds `cols` padded columns from a band's first column (all of them for rows
// that fit the ring's budget, see dwconv_row_band_outputs); slot column k is padded
// column first_col + k, and columns past the padded row read as zero.
class RowRing {
 public:
  RowRing(const ConvGeometry& g, float* storage, int64_t slots, int64_t slot_len, int64_t mirrored,
          int64_t cols)
      : g_(g),
        storage_(storage),
        slots_(slots),
        slot_len_(slot_len),
        mirrored_(mirrored),
        padded_h_(g.input[1] + g.pad_begin[1] + g.pad_end[1]),
        padded_w_(cols),
        full_w_(g.input[2] + g.pad_begin[2] + g.pad_end[2]),
        tags_(static_cast<size_t>(slots)),
        slot_of_(static_cast<size_t>(padded_h_)),
        natural_(static_cast<size_t>(g.stride[2] > 1 ? padded_w_ : 0)) {
    for (int64_t h = 0; h < padded_h_; ++h)
      slot_of_[static_cast<size_t>(h)] = static_cast<int32_t>(h % slots);
  }

  // Starts a new channel (`channel` points at its first input element), or a new band of
  // columns from padded column first_col.
  void reset(const float* channel, int64_t first_col) {
    channel_ = channel;
    first_col_ = first_col;
    std::fill(tags_.begin(), tags_.end(), -1);
  }

  // Zeroes, in every slot, what the fills below never write: the zero padding columns
  // that fill_zero_padded skips and the slack after the row (the tiles' over-reads). A
  // ring on scratch that held anything then computes as one on zeroed scratch, and a task
  // pays for a few floats per slot instead of zeroing its whole storage (C7: 80 KB).
  void clear_unwritten() {
    const int64_t sw = g_.stride[2];
    const int64_t written = sw > 1 ? phased_row_size(padded_w_, sw) : padded_w_;
    const bool skips_pads = sw == 1 && zero_fast();
    const int64_t pw = g_.pad_begin[2], image_end = pw + g_.input[2];
    for (int64_t s = 0; s < slots_ + mirrored_; ++s) {
      float* slot = storage_ + s * slot_len_;
      if (skips_pads) {
        std::fill(slot, slot + pw, 0.0f);
        std::fill(slot + image_end, slot + padded_w_, 0.0f);
      }
      std::fill(slot + written, slot + slot_len_, 0.0f);
    }
  }

  // Makes padded row (d, h) present (d, h are padded coordinates).
  void need(int64_t d, int64_t h) {
    const int64_t slot = slot_of_[static_cast<size_t>(h)];
    const int64_t tag = d * padded_h_ + h;
    if (tags_[static_cast<size_t>(slot)] == tag) return;
    float* a = storage_ + slot * slot_len_;
    float* b = slot < mirrored_ ? storage_ + (slot + slots_) * slot_len_ : nullptr;
    if (g_.stride[2] == 1) {
      fill(d, h, a, b);
    } else {
      // Natural order first, then split into phases (row_ops.h) and mirrored.
      fill(d, h, natural_.data(), nullptr);
      split_phases(natural_.data(), padded_w_, g_.stride[2], a);
      const int64_t n = b != nullptr ? phased_row_size(padded_w_, g_.stride[2]) : 0;
      int64_t i = 0;
      for (; i + kLanes <= n; i += kLanes) Vec::load_unaligned(a + i).store_unaligned(b + i);
      for (; i < n; ++i) b[i] = a[i];
    }
    tags_[static_cast<size_t>(slot)] = tag;
  }

  // Where padded row h starts; rows h + 1 .. h + window - 1 follow it.
  const float* window(int64_t h) const {
    return storage_ + slot_of_[static_cast<size_t>(h)] * slot_len_;
  }

 private:
  // Writes padded row (d, h) to a and, unless it is null, to b: through fill_padded_row
  // of padded_image.h, except zero-padded rows not in bands.
  // True when rows go through fill_zero_padded.
  bool zero_fast() const { return g_.padding_mode == PaddingMode::kZeros && padded_w_ == full_w_; }

  void fill(int64_t d, int64_t h, float* a, float* b) const {
    if (zero_fast()) {
      fill_zero_padded(d, h, a, b);
      return;
    }
    const int64_t in_h = g_.input[1], in_w = g_.input[2];
    const int64_t sd = border_index(d - g_.pad_begin[0], g_.input[0], g_.padding_mode);
    const int64_t sh = border_index(h - g_.pad_begin[1], in_h, g_.padding_mode);
    if (sd < 0 || sh < 0) {
      std::fill(a, a + padded_w_, 0.0f);
    } else {
      fill_padded_row(g_, channel_ + (sd * in_h + sh) * in_w, first_col_, padded_w_, a);
    }
    if (b == nullptr) return;
    int64_t i = 0;
    for (; i + kLanes <= padded_w_; i += kLanes) Vec::load_unaligned(a + i).store_unaligned(b + i);
    for (; i < padded_w_; ++i) b[i] = a[i];
  }

  // Zero padding, rows not in bands: the pad columns of every slot (clear_unwritten) and
  // of natural_ are zero from the start and never written, so only the image columns are copied, or
  // zeroed for a padding row. Skipping the general fills' per-column border handling made C6 3%
  // faster.
  void fill_zero_padded(int64_t d, int64_t h, float* a, float* b) const {
    const int64_t in_h = g_.input[1], in_w = g_.input[2], pw = g_.pad_begin[2];
    const int64_t sd = d - g_.pad_begin[0], sh = h - g_.pad_begin[1];
    const bool inside = sd >= 0 && sd < g_.input[0] && sh >= 0 && sh < in_h;
    float* da = a + pw;
    if (!inside) {
      std::fill(da, da + in_w, 0.0f);
      if (b != nullptr) std::fill(b + pw, b + pw + in_w, 0.0f);
      return;
    }
    const float* src = channel_ + (sd * in_h + sh) * in_w;
    int64_t i = 0;
    if (b == nullptr) {
      for (; i + kLanes <= in_w; i += kLanes) Vec::load_unaligned(src + i).store_unaligned(da + i);
      for (; i < in_w; ++i) da[i] = src[i];
      return;
    }
    float* db = b + pw;
    for (; i + kLanes <= in_w; i += kLanes) {
      const Vec v = Vec::load_unaligned(src + i);
      v.store_unaligned(da + i);
      v.store_unaligned(db + i);
    }
    for (; i < in_w; ++i) da[i] = db[i] = src[i];
  }

  const ConvGeometry& g_;
  float* storage_;
  int64_t slots_, slot_len_;
  int64_t mirrored_;  // slots [0, mirrored_) also hold a copy after the last slot
  int64_t padded_h_;
  int64_t padded_w_;  // the columns a slot holds: the padded row, or a band of it
  int64_t full_w_;    // the padded row's columns
  const float* channel_ = nullptr;
  int64_t first_col_ = 0;
  std::vector<int64_t> tags_;
  // h % slots for every padded row h: need() runs kh times per output row, and a 64-bit
  // remainder there cost as much as a narrow channel's multiply-adds.
  std::vector<int32_t> slot_of_;
  std::vector<float> natural_;  // one padded row in natural order (stride_w > 1)
};

// The 3x3 kernels by rows - 1, called through this table so that Binaryen cannot inline
// them into dwconv_rows (it inlines every function with one caller), where V8 had too few
// registers left for the kernel's loop.
using Dw3x3Padded = void (*)(const float*, const float*, int64_t, float, float*, int64_t, int64_t);
constexpr Dw3x3Padded kDw3x3Padded[] = {dwconv_f32_3x3_padded<1>, dwconv_f32_3x3_padded<2>};
static_assert(kDwRows == 2, "kDw3x3Padded has a kernel for each block height");

}  // namespace

bool dwconv_rows_applies(const ConvGeometry& g) {
  return g.op == Op::kConv && g.in_channels_per_group() == 1 && g.kernel[0] == 1;
}

namespace {

// Blocks of two rows when their input rows overlap or touch (a stride within the dilated
// kernel), else single rows, so the ring never grows with the stride.
int64_t block_rows(const ConvGeometry& g) {
  return g.stride[1] <= (g.kernel[1] - 1) * g.dilation[1] + 1 ? kDwRows : 1;
}

// The rows a block reads; all lie in [h0, padded_h), so the padded height bounds them.
int64_t ring_window(const ConvGeometry& g) {
  const int64_t dilated_h = (g.kernel[1] - 1) * g.dilation[1] + 1;
  const int64_t padded_h = g.input[1] + g.pad_begin[1] + g.pad_end[1];
  return std::min(dilated_h + (block_rows(g) - 1) * g.stride[1], padded_h);
}

// What every task of one dwconv_rows call reads. A task copies it into a local first: the
// plan's address is handed to the pool, so a compiler must reload anything read through it
// after each microkernel call, which cost the small depthwise layers (960 planes of 7x7)
// 10% of their time.
struct RowsPlan {
  const float *x, *w, *bias;
  float* y;
  const int64_t* offsets;
  int64_t kh, sh, dh, sw, taps, slot_len, padded_h, out_d, out_h, out_w;
  int64_t band_out, bands, block, blocks, multiplier;
  bool whole, unit_3x3;
};

// Units [r.begin, r.end) of dwconv_rows (see there) on `ring`.
void rows_task(const ConvGeometry& g, const RowsPlan& plan, TaskRange r, RowRing* ring) {
  const RowsPlan p = plan;
  alignas(64) float w_splat[9 * kLanes];
  UnitCursor<4> at({g.batch, g.in_channels, p.bands, p.out_d}, r.begin / p.blocks);
  bool first = true;
  for (int64_t b0 = r.begin % p.blocks, left = r.end - r.begin; left > 0; at.next(), b0 = 0) {
    const int64_t b1 = std::min(p.blocks, b0 + left);
    left -= b1 - b0;
    const int64_t n = at[0], c = at[1], od = at[3];
    const int64_t j0 = at[2] * p.band_out, cols = std::min(p.band_out, p.out_w - j0);
    // A new (image, channel, band): the ring starts over.
    if (first || od == 0) {
      ring->reset(p.x + (n * g.in_channels + c) * g.input_spatial(), j0 * p.sw);
      first = false;
    }
    const int64_t d = od * g.stride[0];
    const int64_t oh0 = b0 * p.block, oh1 = std::min(p.out_h, b1 * p.block);
    // A channel held whole is filled in one pass over the rows these blocks read: the
    // blocks then skip kh * rows lookups each.
    if (p.whole) {
      const int64_t h_end = std::min(p.padded_h, (oh1 - 1) * p.sh + (p.kh - 1) * p.dh + 1);
      for (int64_t h = oh0 * p.sh; h < h_end; ++h) ring->need(d, h);
    }
    const int64_t out_channels = g.out_channels;
    for (int64_t oh = oh0; oh < oh1; oh += p.block) {
      const int64_t rows = std::min(p.block, p.out_h - oh);
      if (!p.whole) {
        for (int64_t rr = 0; rr < rows; ++rr)
          for (int64_t i = 0; i < p.kh; ++i) ring->need(d, (oh + rr) * p.sh + i * p.dh);
      }
      const float* base = ring->window(oh * p.sh);
      for (int64_t m = 0; m < p.multiplier; ++m) {
        const int64_t co = c * p.multiplier + m;
        const float init = p.bias != nullptr ? p.bias[co] : 0.0f;
        float* out = p.y + (((n * out_channels + co) * p.out_d + od) * p.out_h + oh) * p.out_w + j0;
        const float* wc = p.w + co * p.taps;
        const int64_t rs = p.sh * p.slot_len;
        if (p.unit_3x3) {
          splat_3x3_weights(wc, w_splat);
          kDw3x3Padded[rows - 1](w_splat, base, p.slot_len, init, out, p.out_w, cols);
        } else if (rows == 2) {
          dwconv_f32_rows<2>(p.taps, p.offsets, wc, base, rs, init, out, p.out_w, cols);
        } else {
          dwconv_f32_rows<1>(p.taps, p.offsets, wc, base, rs, init, out, p.out_w, cols);
        }
      }
    }
  }
}

}  // namespace

int64_t dwconv_row_band_outputs(const ConvGeometry& g, int64_t ring_floats) {
  const int64_t out_w = g.output[2];
  const int64_t padded_w = g.input[2] + g.pad_begin[2] + g.pad_end[2];
  const int64_t window = ring_window(g);
  if (window * padded_w <= ring_floats) return out_w;
  // Outputs [j0, j0 + n) read padded columns [j0 * s, (j0 + n - 1) * s + reach): n is the
  // most whole tiles whose columns, `window` rows of them, fit ring_floats (one tile at
  // least, however wide the dilated kernel).
  const int64_t reach = (g.kernel[2] - 1) * g.dilation[2] + 1;
  const int64_t fit = (ring_floats / window - reach) / g.stride[2] + 1;
  return std::min(out_w, std::max<int64_t>(kDwTileN, fit / kDwTileN * kDwTileN));
}

Status dwconv_rows(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                   float* y, Workspaces* threads, int64_t whole_channel_floats,
                   int64_t ring_floats) {
  const int64_t kh = g.kernel[1], kw = g.kernel[2], sh = g.stride[1], dh = g.dilation[1],
                dw = g.dilation[2];
  const int64_t sw = g.stride[2];
  const int64_t out_d = g.output[0], out_h = g.output[1], out_w = g.output[2];
  // A band of band_out outputs per row reads padded_w columns from padded column
  // j0 * sw: the whole padded row when there is one band.
  const int64_t band_out = dwconv_row_band_outputs(g, ring_floats);
  const int64_t padded_w = band_out == out_w ? g.input[2] + g.pad_begin[2] + g.pad_end[2]
                                             : (band_out - 1) * sw + (kw - 1) * dw + 1;
  const int64_t block = block_rows(g);
  const int64_t padded_h = g.input[1] + g.pad_begin[1] + g.pad_end[1];
  const int64_t window = ring_window(g);
  const int64_t row_len = sw == 1 ? padded_w : phased_row_size(padded_w, sw);
  // A tile may read kDwTileN - 1 floats past the padded row: that slack stays zero.
  const int64_t slot_len = (row_len + kDwTileN + kLanes - 1) / kLanes * kLanes;
  // As many slots as whole_channel_floats holds, at least a window: a ring of `window`
  // slots copied 3 of every 4 rows of C1 twice, one of 30 slots copies 3 of 30 (C1 and C7
  // 2-3% faster, measured in one process). A small channel (C6: 58 rows of 76 floats) is held
  // whole: no slot is ever reused, so windows never wrap and rows need no second copy.
  const int64_t slots = std::min(padded_h, std::max(window, whole_channel_floats / slot_len));
  const bool whole = slots == padded_h;
  const int64_t mirrored = whole ? 0 : window - 1;
  const int64_t storage_len = (slots + mirrored) * slot_len;
  Workspace* ws = &threads->caller();

  const int64_t taps = kh * kw;
  ws->offsets.resize(static_cast<size_t>(taps));
  int64_t* offsets = ws->offsets.data();
  for (int64_t i = 0; i < kh; ++i)
    for (int64_t t = 0; t < kw; ++t) {
      const PhaseShift ps = phase_shift(t * dw, sw);
      offsets[i * kw + t] = i * dh * slot_len + ps.phase * phase_stride(padded_w, sw) + ps.shift;
    }

  // Units: blocks of `block` output rows of one band of one output plane; in order, the
  // blocks of a plane (depth od), the planes of a band, the bands of an input channel (with
  // its `multiplier` output channels), the channels of an image. Each task fills a ring of
  // its own (its thread's scratch) from the rows its first block needs: the blocks it then
  // computes read the same padded rows, through the same tap offsets, as in one run.
  RowsPlan plan;
  plan.x = x;
  plan.w = w;
  plan.bias = bias;
  plan.y = y;
  plan.offsets = offsets;
  plan.kh = kh;
  plan.sh = sh;
  plan.dh = dh;
  plan.sw = sw;
  plan.taps = taps;
  plan.slot_len = slot_len;
  plan.padded_h = padded_h;
  plan.out_d = out_d;
  plan.out_h = out_h;
  plan.out_w = out_w;
  plan.band_out = band_out;
  plan.bands = (out_w + band_out - 1) / band_out;
  plan.block = block;
  plan.blocks = (out_h + block - 1) / block;
  plan.multiplier = g.out_channels_per_group();
  plan.whole = whole;
  // 3x3, stride 1, dilation 1: the streaming kernel with unrolled taps.
  plan.unit_3x3 = kh == 3 && kw == 3 && sh == 1 && sw == 1 && dh == 1 && dw == 1;
  const int64_t units = g.batch * g.in_channels * plan.bands * out_d * plan.blocks;
  const int64_t tasks =
      row_task_count(units, block * band_out * plan.multiplier * taps, threads->threads());
  TaskErrors errors;
  threads->parallel_for(tasks, [&](int64_t t, Workspace& task_ws) {
    if (errors.failed() || !errors.check(task_ws.input.reserve(storage_len, "padded rows"))) return;
    RowRing ring(g, task_ws.input.data(), slots, slot_len, mirrored, padded_w);
    ring.clear_unwritten();
    rows_task(g, plan, row_task_range(t, tasks, units), &ring);
  });
  return errors.take();
}

}  // namespace wasmconv::kernels
