// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Depthwise transposed convolution by sub-pixel decomposition (dwconv_transpose_subpixel.h).
#include "kernels/dwconv_transpose_subpixel.h"

#include <algorithm>
#include <vector>

#include "kernels/conv_winograd.h"
#include "kernels/dwconv_microkernel.h"
#include "kernels/row_ops.h"
#include "kernels/row_tasks.h"

namespace wasmconv::kernels {
namespace {

constexpr int64_t kRows = 2;  // phase rows per microkernel call

// The taps of one axis feeding output phase r, their input offsets c_t, and the phase's
// output count.
struct AxisPhase {
  std::vector<int64_t> taps, offsets;
  int64_t outputs = 0;
};

std::vector<AxisPhase> axis_phases(const ConvGeometry& g, int axis) {
  const int64_t s = g.stride[axis], d = g.dilation[axis], p = g.pad_begin[axis];
  std::vector<AxisPhase> phases(static_cast<size_t>(std::min(s, g.output[axis])));
  for (int64_t r = 0; r < static_cast<int64_t>(phases.size()); ++r) {
    AxisPhase& ap = phases[static_cast<size_t>(r)];
    ap.outputs = phase_len(g.output[axis], s, r);
    for (int64_t t = 0; t < g.kernel[axis]; ++t) {
      const PhaseShift ps = phase_shift(r + p - t * d, s);
      if (ps.phase != 0) continue;
      ap.taps.push_back(t);
      ap.offsets.push_back(ps.shift);
    }
  }
  return phases;
}

// Zero padding before (lo) and after (hi) the input along an axis so that every phase
// reads x[m + c_t] in bounds.
void axis_padding(const std::vector<AxisPhase>& phases, int64_t in, int64_t* lo, int64_t* hi) {
  *lo = *hi = 0;
  for (const AxisPhase& ap : phases) {
    if (ap.outputs == 0) continue;
    for (int64_t c : ap.offsets) {
      *lo = std::max(*lo, -c);
      *hi = std::max(*hi, ap.outputs - 1 + c - (in - 1));
    }
  }
}

// dst[i] = src[i] for i < n, in vectors (Emscripten's memcpy calls out to JavaScript
// above 512 bytes).
inline void copy_row(const float* src, int64_t n, float* dst) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) Vec::load_unaligned(src + i).store_unaligned(dst + i);
  for (; i < n; ++i) dst[i] = src[i];
}

// out[j*s + r] = phase_r[j]: the W phases of one output row (phase r holds `len(r)`
// values at phases + r * stride).
void interleave(const float* phases, int64_t stride, int64_t out_w, int64_t s, float* out) {
  if (s == 1) {
    copy_row(phases, out_w, out);
    return;
  }
  for (int64_t c = 0; c < out_w; ++c) out[c] = phases[(c % s) * stride + c / s];
}

// Stride 2 along W: both W phases of R output rows for V vectors of phase positions
// m0 .. m0 + V*kLanes - 1, interleaved in registers and stored as 2*V vectors per row
// (outputs 2*m0 .. of each row; only those below out_w are stored). Even and odd
// phases have their own taps (offsets into the padded channel, weights). Not inlined
// for the reason given in dwconv_microkernel.h.
template <int R, int V>
__attribute__((noinline)) void stride2_block(int64_t taps_e, const int64_t* off_e, const float* w_e,
                                             int64_t taps_o, const int64_t* off_o, const float* w_o,
                                             const float* base, int64_t row_stride, float init,
                                             float* out, int64_t out_stride, int64_t n_valid) {
  Vec even[R][V], odd[R][V];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) even[r][v] = odd[r][v] = Vec(init);
  for (int64_t t = 0; t < taps_e; ++t) {
    const float* b = base + off_e[t];
    const Vec wt(w_e[t]);
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < V; ++v)
        even[r][v] = madd(wt, Vec::load_unaligned(b + r * row_stride + v * kLanes), even[r][v]);
  }
  for (int64_t t = 0; t < taps_o; ++t) {
    const float* b = base + off_o[t];
    const Vec wt(w_o[t]);
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < V; ++v)
        odd[r][v] = madd(wt, Vec::load_unaligned(b + r * row_stride + v * kLanes), odd[r][v]);
  }
  for (int r = 0; r < R; ++r) {
    alignas(16) float tmp[2 * V * kLanes];
    float* o = n_valid == 2 * V * kLanes ? out + r * out_stride : tmp;
    for (int v = 0; v < V; ++v) store_interleaved(even[r][v], odd[r][v], o + 2 * v * kLanes);
    if (o == tmp) std::copy(tmp, tmp + n_valid, out + r * out_stride);
  }
}

}  // namespace

bool dwconv_transpose_applies(const ConvGeometry& g, const float* w) {
  if (g.op != Op::kConvTranspose || g.in_channels_per_group() != 1 || g.kernel[0] != 1 ||
      g.input[0] != 1 || g.output[0] != 1 || g.pad_begin[0] != 0) {
    return false;
  }
  // Dilations or paddings far beyond the image would make the padded copy much larger
  // than input and output; the scatter path touches only what inputs reach.
  for (int a = 1; a < 3; ++a) {
    int64_t lo, hi;
    axis_padding(axis_phases(g, a), g.input[a], &lo, &hi);
    if (lo + hi > 2 * (g.input[a] + g.output[a]) + 16) return false;
  }
  return all_finite(w, g.weight_size());
}

Status dwconv_transpose_subpixel(const ConvGeometry& g, const float* w, const float* x,
                                 const float* bias, float* y, Workspaces* threads) {
  const std::vector<AxisPhase> ph = axis_phases(g, 1), pw = axis_phases(g, 2);
  const int64_t in_h = g.input[1], in_w = g.input[2], out_h = g.output[1], out_w = g.output[2];
  const int64_t sh = g.stride[1], sw = g.stride[2], kw = g.kernel[2];
  int64_t lo_h, hi_h, lo_w, hi_w;
  axis_padding(ph, in_h, &lo_h, &hi_h);
  axis_padding(pw, in_w, &lo_w, &hi_w);
  // The padded channel; each row has kDwTileN zeros of slack for tile over-reads.
  const int64_t padded_h = in_h + lo_h + hi_h;
  const int64_t row_len = (in_w + lo_w + hi_w + kDwTileN + kLanes - 1) / kLanes * kLanes;
  // kRows rows of W phases, each phase `phase_row` floats (a whole number of tiles).
  const int64_t phase_row = (phase_stride(out_w, sw) + kDwTileN - 1) / kDwTileN * kDwTileN;
  const int64_t phase_block = sw * phase_row;

  // Tap offsets into the padded channel and weight indices, per phase (r_h, r_w).
  struct Phase {
    std::vector<int64_t> offsets, taps;
  };
  std::vector<Phase> table(ph.size() * pw.size());
  for (size_t a = 0; a < ph.size(); ++a)
    for (size_t b = 0; b < pw.size(); ++b) {
      Phase& p = table[a * pw.size() + b];
      for (size_t i = 0; i < ph[a].taps.size(); ++i)
        for (size_t j = 0; j < pw[b].taps.size(); ++j) {
          p.offsets.push_back((ph[a].offsets[i] + lo_h) * row_len + pw[b].offsets[j] + lo_w);
          p.taps.push_back(ph[a].taps[i] * kw + pw[b].taps[j]);
        }
    }
  // Phase row mh of every H phase reads padded rows mh + reach_lo .. mh + reach_hi (the
  // rows of phases with outputs; reach_lo >= 0 since lo_h pads the lowest).
  int64_t reach_hi = 0, phase_rows = 0;
  for (const AxisPhase& ap : ph) {
    if (ap.outputs == 0) continue;
    phase_rows = std::max(phase_rows, ap.outputs);
    for (int64_t c : ap.offsets) reach_hi = std::max(reach_hi, c + lo_h);
  }

  const int64_t taps = g.kernel_spatial();
  const int64_t multiplier = g.out_channels_per_group();
  // Stride 2 along W (the common upsampling) interleaves in registers; other strides go
  // through the phase rows.
  const bool fused = sw == 2 && pw.size() == 2;
  constexpr int kV = 2;  // vectors of phase positions per fused tile

  // Phase rows [m0, m1) of every H phase of the `multiplier` output channels of (image,
  // input channel) nc, from `rows`: the padded channel's rows m0 .. (their rows_len floats,
  // row_len apart). `phases` holds kRows rows of W phases.
  auto phase_rows_of = [&](int64_t nc, int64_t m0, int64_t m1, const float* rows, float* phases) {
    // Each phase's weights for the current output channel, phase after phase (every tap
    // belongs to exactly one phase per axis, so `taps` floats hold them all).
    std::vector<float> wphase(static_cast<size_t>(taps));
    std::vector<const float*> wptr(table.size());
    const int64_t n = nc / g.in_channels, c = nc % g.in_channels;
    for (int64_t j = 0; j < multiplier; ++j) {
      const int64_t co = c * multiplier + j;
      // Transposed weights are [C_in, C_out / groups, k_h, k_w]; with one input channel
      // per group that is co * taps.
      const float* wc = w + co * taps;
      float* wp = wphase.data();
      for (size_t q = 0; q < table.size(); ++q) {
        wptr[q] = wp;
        for (int64_t t : table[q].taps) *wp++ = wc[t];
      }
      const float init = bias != nullptr ? bias[co] : 0.0f;
      float* yc = y + (n * g.out_channels + co) * out_h * out_w;
      for (size_t a = 0; a < ph.size(); ++a) {
        const int64_t rh = static_cast<int64_t>(a);
        for (int64_t mh = m0; mh < std::min(m1, ph[a].outputs); mh += kRows) {
          const int64_t rows_here = std::min(kRows, ph[a].outputs - mh);
          const float* base = rows + (mh - m0) * row_len;
          float* yrow = yc + (mh * sh + rh) * out_w;
          if (fused) {
            const Phase& e = table[a * 2];
            const Phase& o = table[a * 2 + 1];
            const int64_t ne = static_cast<int64_t>(e.taps.size()),
                          no = static_cast<int64_t>(o.taps.size());
            for (int64_t p0 = 0; 2 * p0 < out_w; p0 += kV * kLanes) {
              const int64_t n_valid = std::min<int64_t>(2 * kV * kLanes, out_w - 2 * p0);
              if (rows_here == 2) {
                stride2_block<2, kV>(ne, e.offsets.data(), wptr[a * 2], no, o.offsets.data(),
                                     wptr[a * 2 + 1], base + p0, row_len, init, yrow + 2 * p0,
                                     sh * out_w, n_valid);
              } else {
                stride2_block<1, kV>(ne, e.offsets.data(), wptr[a * 2], no, o.offsets.data(),
                                     wptr[a * 2 + 1], base + p0, row_len, init, yrow + 2 * p0,
                                     sh * out_w, n_valid);
              }
            }
            continue;
          }
          for (size_t b = 0; b < pw.size(); ++b) {
            const Phase& p = table[a * pw.size() + b];
            float* dst = phases + static_cast<int64_t>(b) * phase_row;
            const int64_t len = pw[b].outputs, nt = static_cast<int64_t>(p.taps.size());
            if (rows_here == 2) {
              dwconv_f32_rows<2>(nt, p.offsets.data(), wptr[a * pw.size() + b], base, row_len, init,
                                 dst, phase_block, len);
            } else {
              dwconv_f32_rows<1>(nt, p.offsets.data(), wptr[a * pw.size() + b], base, row_len, init,
                                 dst, phase_block, len);
            }
          }
          for (int64_t r = 0; r < rows_here; ++r) {
            interleave(phases + r * phase_block, phase_row, out_w, sw, yrow + r * sh * out_w);
          }
        }
      }
    }
  };

  // Units: blocks of kRows phase rows (mh) of every H phase of one input channel, channel
  // after channel; a block is the same microkernel calls in any task. A task copies the
  // padded rows its blocks read (mh + reach_hi at most) into its thread's scratch, zero
  // padded as the whole padded channel would be, and computes from them.
  const int64_t blocks = (phase_rows + kRows - 1) / kRows;
  const int64_t channels = g.batch * g.in_channels;
  const int64_t units = channels * blocks;
  const int64_t unit_macs =
      kRows * sh * out_w * multiplier * std::max<int64_t>(1, taps / std::max<int64_t>(1, sh * sw));
  const int64_t tasks = row_task_count(units, unit_macs, threads->threads());
  TaskErrors errors;
  threads->parallel_for(tasks, [&](int64_t t, Workspace& task_ws) {
    if (errors.failed()) return;
    const TaskRange range = row_task_range(t, tasks, units);
    // The most padded rows a run of this task's blocks in one channel reads.
    const int64_t most_rows = std::min(padded_h, (range.end - range.begin) * kRows + reach_hi);
    if (!errors.check(task_ws.input.reserve(most_rows * row_len, "padded rows")) ||
        !errors.check(task_ws.output.reserve(kRows * phase_block, "output phases"))) {
      return;
    }
    for (int64_t u = range.begin; u < range.end;) {
      const int64_t nc = u / blocks, b0 = u % blocks, b1 = std::min(blocks, b0 + (range.end - u));
      const int64_t m0 = b0 * kRows, m1 = std::min(phase_rows, b1 * kRows);
      const int64_t count = std::min(padded_h, m1 + reach_hi) - m0;
      const float* xc = x + nc * g.input_spatial();
      float* rows = task_ws.input.data();
      for (int64_t k = 0; k < count; ++k) {
        float* dst = rows + k * row_len;
        const int64_t h = m0 + k - lo_h;  // the input row padded row m0 + k holds
        if (h < 0 || h >= in_h) {
          std::fill(dst, dst + row_len, 0.0f);
          continue;
        }
        std::fill(dst, dst + lo_w, 0.0f);
        copy_row(xc + h * in_w, in_w, dst + lo_w);
        std::fill(dst + lo_w + in_w, dst + row_len, 0.0f);
      }
      phase_rows_of(nc, m0, m1, rows, task_ws.output.data());
      u += b1 - b0;
    }
  });
  return errors.take();
}

}  // namespace wasmconv::kernels
