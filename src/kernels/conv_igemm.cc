// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Convolution by indirect GEMM (conv_igemm.h).
#include "kernels/conv_igemm.h"

#include <algorithm>
#include <vector>

#include "kernels/code_size.h"
#include "kernels/conv_pointwise_strided.h"
#include "kernels/gemm_tasks.h"
#include "kernels/igemm_microkernel.h"
#include "kernels/padded_image.h"
#include "kernels/pixel_panel.h"

namespace wasmconv::kernels {
namespace {

int64_t blocks_per_group(const ConvGeometry& g) {
  return (g.out_channels_per_group() + kIgemmMR - 1) / kIgemmMR;
}

int64_t k_per_group(const ConvGeometry& g) {
  return g.in_channels_per_group() * g.kernel_spatial();
}

// Whether `channels` rows that are `stride` floats apart land on enough distinct L1 sets
// (64-byte lines, 4 KiB of sets: the L1 of current x86 and Arm cores) for a GEMM panel,
// which reads one line per channel, to stay in cache. Strides near a multiple of 4 KiB
// (a 32x32 or 64x64 image) do not: their panel is copied into a padded image instead.
bool channel_rows_spread(int64_t stride, int64_t channels) {
  constexpr int64_t kSets = 64, kLineBytes = 64;
  const int64_t rows = std::min<int64_t>(channels, kSets);
  bool seen[kSets] = {};
  int64_t distinct = 0;
  for (int64_t c = 0; c < rows; ++c) {
    const int64_t set = (c * stride * 4) % (kSets * kLineBytes) / kLineBytes;
    distinct += seen[set] ? 0 : 1;
    seen[set] = true;
  }
  return 2 * distinct >= rows;
}

// Padded rows that one output row reads: the kernel's dilated extent along H.
int64_t extent_h(const ConvGeometry& g) { return (g.kernel[1] - 1) * g.dilation[1] + 1; }

// How conv_igemm walks a geometry: pointwise reading x in place, bands of output columns
// (one output row), bands of output rows (2-D), output planes over a ring (3-D), or one
// gathered pixel panel of a small 2-D output (pixel_panel.h).
enum class Walk { kDirect, kColumns, kRows, kRing, kGathered };

// The shared padded image (see conv_igemm): from 2 weight chunks on, when the image is at
// most 1 MiB. The caller's thread builds it alone, before the tasks (20-100 us): a pass of
// the pool to build it by pieces of channels cost more (waking the workers twice per run:
// M25, 4.5 M multiply-adds, took 0.165 ms on two threads against 0.087 ms on one), and on
// two threads it costs what building each band once per chunk on both would.
constexpr int64_t kSharedFromChunks = 2;
constexpr int64_t kSharedImageFloats = 256 * 1024;

}  // namespace

int64_t igemm_band_cols(const ConvGeometry& g) {
  const PaddedImage full = padded_image_layout(g);
  if (full.depth != 1 || g.output[1] != 1) return g.output[2];
  // A column of the band: every channel's padded rows.
  const int64_t col_bytes = g.in_channels * full.height * static_cast<int64_t>(sizeof(float));
  const int64_t cols =
      band_units(g.output[2], col_bytes, g.stride[2], (g.kernel[2] - 1) * g.dilation[2] + 1);
  // Whole pixel tiles, so that no tile straddles two bands.
  return std::min(g.output[2], (cols + kTileN - 1) / kTileN * kTileN);
}

int64_t igemm_band_rows(const ConvGeometry& g) {
  const PaddedImage full = padded_image_layout(g);
  if (full.depth != 1) return g.output[1];
  const int64_t row_bytes = g.in_channels * full.row_len * static_cast<int64_t>(sizeof(float));
  return band_units(g.output[1], row_bytes, g.stride[1], extent_h(g));
}

int64_t igemm_packed_size(const ConvGeometry& g) {
  return g.groups * blocks_per_group(g) * k_per_group(g) * kIgemmMR;
}

WASMCONV_SET_UP void pack_igemm_weights(const ConvGeometry& g, const float* w, float* packed) {
  const int64_t cog = g.out_channels_per_group(), k_count = k_per_group(g);
  for (int64_t grp = 0; grp < g.groups; ++grp) {
    for (int64_t b = 0; b < blocks_per_group(g); ++b) {
      float* dst = packed + (grp * blocks_per_group(g) + b) * k_count * kIgemmMR;
      // Packed order is (tap, channel); conv weights are [C_out, C_in/groups, taps].
      const int64_t taps = g.kernel_spatial(), cig = g.in_channels_per_group();
      for (int64_t t = 0; t < taps; ++t) {
        for (int64_t c = 0; c < cig; ++c) {
          for (int m = 0; m < kIgemmMR; ++m) {
            const int64_t co = b * kIgemmMR + m;
            dst[(t * cig + c) * kIgemmMR + m] =
                co < cog ? w[((grp * cog + co) * cig + c) * taps + t] : 0.0f;
          }
        }
      }
    }
  }
}

namespace {

// Everything conv_igemm decides before its tasks run.
struct IgemmPlan {
  ConvGeometry g;  // pointwise: spatial dims flattened into one row
  bool direct = false;
  Walk walk = Walk::kDirect;
  PaddedImage layout;  // the whole padded image (direct: x itself)
  bool shared = false;
  GemmTasks tasks;
  PixelPanel panel;  // Walk::kGathered
};

// A 2-D output with short rows (an 11x11 output fills 11 of every 16 lanes row by row)
// runs on one gathered pixel panel (pixel_panel.h) where the lanes it fills pay for the
// gathering and the panel is at most kPixelPanelFloats: built once per image on the
// caller's thread, then the tasks split the output-channel blocks.
bool plan_gathered(const ConvGeometry& g, PixelPanel* pp) {
  const int64_t rows = g.output[1], cols = g.output[2], taps = g.kernel[1] * g.kernel[2];
  if (pixel_panel_saving(rows, cols, taps, g.in_channels_per_group(),
                         blocks_per_group(g) * kIgemmMR, g.groups) <= 0.0 ||
      taps * g.in_channels * pixel_panel_row(rows * cols) > kPixelPanelFloats) {
    return false;
  }
  pp->rows = rows;
  pp->cols = cols;
  pp->step_h = g.stride[1];
  pp->step_w = g.stride[2];
  for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
    for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
      pp->dh.push_back(kh * g.dilation[1] - g.pad_begin[1]);
      pp->dw.push_back(kw * g.dilation[2] - g.pad_begin[2]);
    }
  return true;
}

WASMCONV_SET_UP IgemmPlan plan_igemm(const ConvGeometry& g_in, int threads = 1) {
  IgemmPlan plan;
  // A pointwise convolution (one tap, stride 1, no padding) maps pixel p to pixel p, so the
  // spatial dims can be flattened into one long row: no short rows, no partial tiles at
  // every row's end.
  ConvGeometry& g = plan.g;
  g = g_in;
  const bool pointwise = is_pointwise(g);
  if (pointwise) {
    g.input = g.output = {1, 1, g_in.input_spatial()};
  }
  const int64_t cig = g.in_channels_per_group();
  const int64_t blocks = blocks_per_group(g),
                chunk = blocks_per_chunk(k_per_group(g) * kIgemmMR, blocks);
  // Pointwise on an image whose channel stride spreads over the cache reads x itself: the
  // GEMM's B matrix is the NCHW input as it is. Only the last, partial pixel tile (which
  // would over-read past x) goes through a small zero-padded panel.
  plan.direct = pointwise && channel_rows_spread(g.input_spatial(), cig);
  // The units the tasks cut (see the header): pixels of the flattened row (direct), output
  // columns of a one-row output (1-D), output rows (2-D) or output planes (3-D).
  int64_t units = g.output[2], cap = units, align = kTileN;
  PaddedImage& layout = plan.layout;
  if (plan.direct) {
    layout.width = layout.row_len = layout.channel_stride = g.input_spatial();
    layout.channels = g.in_channels;
  } else {
    layout = padded_image_layout(g);
    if (layout.depth == 1 && plan_gathered(g, &plan.panel)) {
      plan.walk = Walk::kGathered;
      units = cap = align = 1;
    } else if (layout.depth == 1 && g.output[1] == 1) {
      plan.walk = Walk::kColumns;
      cap = igemm_band_cols(g);
    } else if (layout.depth == 1) {
      plan.walk = Walk::kRows;
      units = g.output[1];
      cap = igemm_band_rows(g);
      // Bands of whole multiples of the rows that step over the rows two bands share
      // (extent - stride, built twice): R01's 7x7 stride-2 stem in bands of 2 rows built 9
      // padded rows per 4 it stepped over.
      align = std::max<int64_t>(1, (extent_h(g) - g.stride[1] + g.stride[1] - 1) / g.stride[1]);
      cap = std::max(cap, align);
    } else {
      plan.walk = Walk::kRing;
      units = cap = g.output[0];
      align = 1;
    }
    // Weights of several chunks: each task streams one chunk, and building its own band
    // would build every band once per chunk (R09, 19 chunks: 29% slower on one thread).
    // A padded image of moderate size is then built once, before the tasks.
    plan.shared = plan.walk == Walk::kGathered ||
                  (plan.walk != Walk::kRing && (blocks + chunk - 1) / chunk >= kSharedFromChunks &&
                   layout.size() <= kSharedImageFloats);
    if (plan.shared) cap = units;
  }
  // Pointwise in place: a task builds nothing, so twice as many (C5's 12.8 M multiply-adds in
  // 13 tasks rather than 7, which two threads share 4 : 3).
  const int64_t macs = plan.shared ? g_in.macs() / g.batch : g_in.macs();
  plan.tasks = split_gemm(plan.direct ? 2 * macs : macs, plan.shared ? 1 : g.batch, units, cap,
                          align, blocks, chunk, threads);
  return plan;
}

}  // namespace

IgemmTasks igemm_tasks(const ConvGeometry& g) {
  const IgemmPlan plan = plan_igemm(g);
  return {plan.tasks, plan.shared, plan.walk == Walk::kGathered};
}

Status conv_igemm(const ConvGeometry& g_in, const float* packed, const float* x, const float* bias,
                  float* y, Workspaces* threads) {
  if (is_strided_pointwise(g_in)) return conv_pointwise_strided(g_in, packed, x, bias, y, threads);
  IgemmPlan plan = plan_igemm(g_in, threads->threads());
  const ConvGeometry& g = plan.g;
  const bool direct = plan.direct, shared = plan.shared;
  const Walk walk = plan.walk;
  PaddedImage& layout = plan.layout;
  const GemmTasks& tasks = plan.tasks;
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t k_count = k_per_group(g);
  const int64_t out_w = g.output[2], out_sp = g.output_spatial();
  const int64_t taps = g.kernel_spatial();
  const int64_t blocks = blocks_per_group(g);
  const int64_t ext_w = (g.kernel[2] - 1) * g.dilation[2] + 1;
  Workspace& caller = threads->caller();
  // The layout of one task's scratch: the padded columns or rows its band of outputs reads
  // (the same for every task, sized for the longest band), or a ring of the depth planes
  // one output plane reads.
  if (walk == Walk::kGathered) {
    WASMCONV_RETURN_IF_ERROR(
        caller.input.reserve(plan.panel.floats(g.in_channels), "gathered input panel"));
  } else if (shared) {
    WASMCONV_RETURN_IF_ERROR(caller.input.reserve(layout.size(), "padded input"));
  } else if (walk == Walk::kColumns) {
    layout = layout.columns(band_input_rows(tasks.units.step, g.stride[2], ext_w));
  } else if (walk == Walk::kRows) {
    layout = layout.slice(1, band_input_rows(tasks.units.step, g.stride[1], extent_h(g)));
  } else if (walk == Walk::kRing) {
    layout =
        layout.slice(std::min(layout.depth, (g.kernel[0] - 1) * g.dilation[0] + 1), layout.height);
  }
  // Direct: the last, partial pixel tile of every (batch element, group) reads a zero-padded
  // panel of its columns, built here once for all tasks.
  const int64_t full = out_w / kTileN * kTileN;
  if (direct && full < out_w) {
    WASMCONV_RETURN_IF_ERROR(
        caller.input.reserve(g.batch * g.in_channels * kTileN, "pointwise tail panel"));
    for (int64_t c = 0; c < g.batch * g.in_channels; ++c) {
      const float* src = x + c * layout.channel_stride + full;
      float* panel = caller.input.data() + c * kTileN;
      std::copy(src, src + (out_w - full), panel);
      std::fill(panel + (out_w - full), panel + kTileN, 0.0f);
    }
  }
  const float* const tail_panels = caller.input.data();

  auto task = [&](int64_t n, const GemmTasks::Cell& cell, Workspace& ws) -> Status {
    const float* xn = x + n * g.in_channels * g.input_spatial();
    float* yn = y + n * g.out_channels * out_sp;
    float discard[kIgemmMR][kTileN];
    // The task's blocks b0 .. b1 - 1 for the pixel tile starting at `ow` of output row
    // `y_row`, reading the B panel at `b_base` whose channels are `b_stride` apart.
    auto tile = [&](int64_t grp, const float* b_base, std::ptrdiff_t b_stride, int64_t y_row,
                    int64_t ow) {
      const int64_t n_valid = std::min<int64_t>(kTileN, out_w - ow);
      for (int64_t b = cell.b0; b < cell.b1; ++b) {
        const float* wb = packed + (grp * blocks + b) * k_count * kIgemmMR;
        const int64_t co0 = grp * cog + b * kIgemmMR;
        float init[kIgemmMR];
        float* out[kIgemmMR];
        block_rows<kIgemmMR>(bias, co0, cog - b * kIgemmMR, yn + co0 * out_sp + y_row + ow, out_sp,
                             discard, init, out);
        igemm_f32_mrx2v<kIgemmMR>(taps, ws.offsets.data(), cig, b_stride, wb, b_base, init, out,
                                  n_valid);
      }
    };
    if (walk == Walk::kGathered) {
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        pixel_panel_gemm(plan.panel, caller.input.data(), g.in_channels, grp * cig, cig,
                         packed + grp * blocks * k_count * kIgemmMR, bias, grp * cog, cog, cell.b0,
                         cell.b1, yn + grp * cog * out_sp, out_sp, out_w, 1, &ws.offsets);
      }
      return Status();
    }
    if (walk == Walk::kDirect) {
      ws.offsets.resize(1);  // (resize, not assign: one less libc++ routine in the .wasm)
      ws.offsets[0] = 0;
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        const float* image = xn + grp * cig * layout.channel_stride;
        for (int64_t ow = cell.u0; ow < std::min(cell.u1, full); ow += kTileN) {
          tile(grp, image + ow, layout.channel_stride, 0, ow);
        }
        if (cell.u1 > full) {
          tile(grp, tail_panels + (n * g.in_channels + grp * cig) * kTileN, kTileN, 0, full);
        }
      }
      return Status();
    }
    if (!shared) WASMCONV_RETURN_IF_ERROR(ws.input.reserve(layout.size(), "padded input"));
    const float* const scratch = shared ? caller.input.data() : ws.input.data();
    // Per tap, where output pixel (0, 0, 0) reads in the group's first channel; channel c
    // adds c * channel_stride. (3-D: recomputed for each output plane.)
    layout.tap_offsets(g, &ws.offsets);
    // The task's outputs: planes od0 .. od1 - 1, rows oh0 .. oh1 - 1, columns ow0 .. ow1 - 1;
    // its scratch starts at padded row band_h * s_h and column band_w * s_w.
    const int64_t od0 = walk == Walk::kRing ? cell.u0 : 0,
                  od1 = walk == Walk::kRing ? cell.u1 : g.output[0];
    const int64_t oh0 = walk == Walk::kRows ? cell.u0 : 0,
                  oh1 = walk == Walk::kRows ? cell.u1 : g.output[1];
    const int64_t ow0 = walk == Walk::kColumns ? cell.u0 : 0,
                  ow1 = walk == Walk::kColumns ? cell.u1 : out_w;
    const int64_t band_h = shared ? 0 : oh0, band_w = shared ? 0 : ow0;
    // 2-D: the task's band of output rows (or, 1-D, of columns) reads padded rows oh0 * s_h
    // .. (oh1 - 1) * s_h + (k_h - 1) * d_h, built into the task's scratch right before the
    // GEMM reads them (still in L2): the scratch is one band, not a copy of the input.
    // 3-D: output plane od reads padded planes od * s_d + kd * d_d, all within a window of
    // e = (k_d - 1) * d_d + 1 planes; the layout is a ring of e planes, padded plane p in
    // ring plane p % e (the window's planes are distinct mod e), each built once, by the
    // first of the task's output planes that reads it (the windows that hold p are
    // consecutive and come before any that holds p + e).
    std::vector<int64_t> held;  // the padded plane in each ring plane
    if (walk == Walk::kRing) {
      // The ring's planes are written row by row; the gaps between its channels are zeroed once.
      zero_padded_gaps(layout, ws.input.data());
      held.resize(static_cast<size_t>(layout.depth));
      std::fill(held.begin(), held.end(), -1);
    } else if (!shared) {
      fill_padded_image(g, layout, xn, ws.input.data(), oh0 * g.stride[1],
                        band_input_rows(oh1 - oh0, g.stride[1], extent_h(g)), ow0 * g.stride[2]);
    }
    for (int64_t od = od0; od < od1; ++od) {
      if (walk == Walk::kRing) {
        for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
          const int64_t plane = od * g.stride[0] + kd * g.dilation[0], slot = plane % layout.depth;
          if (held[static_cast<size_t>(slot)] == plane) continue;
          fill_padded_plane(g, layout, xn, ws.input.data(), plane, slot);
          held[static_cast<size_t>(slot)] = plane;
        }
        layout.tap_offsets(g, &ws.offsets, od * g.stride[0]);
      }
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        const float* image = scratch + grp * cig * layout.channel_stride;
        // Pixel tiles outside, output-channel blocks inside: the tile's input panel (taps x
        // channels x kTileN floats) stays in L1 while the task's chunk of weights streams.
        for (int64_t oh = oh0; oh < oh1; ++oh) {
          const float* row_base = image + layout.row_offset(0, (oh - band_h) * g.stride[1]);
          const int64_t y_row = (od * g.output[1] + oh) * out_w;
          for (int64_t ow = ow0; ow < ow1; ow += kTileN) {
            tile(grp, row_base + (ow - band_w), layout.channel_stride, y_row, ow);
          }
        }
      }
    }
    return Status();
  };
  // The padded image's rows are written by the fills; its gaps between channels are zeroed
  // once.
  if (shared && walk != Walk::kGathered) zero_padded_gaps(layout, caller.input.data());
  return run_gemm_tasks(
      tasks, shared, g.batch,
      [&](int64_t n) {
        const float* xn = x + n * g.in_channels * g.input_spatial();
        if (walk == Walk::kGathered) {
          gather_pixel_panel(plan.panel, xn, g.in_channels, g.input[1], g.input[2], g.padding_mode,
                             caller.input.data());
        } else {
          fill_padded_plane(g, layout, xn, caller.input.data(), 0, 0);
        }
      },
      task, threads);
}

bool is_pointwise(const ConvGeometry& g) {
  bool pointwise = g.kernel_spatial() == 1;
  for (int a = 0; a < 3; ++a) {
    pointwise = pointwise && g.stride[a] == 1 && g.pad_begin[a] == 0 && g.pad_end[a] == 0;
  }
  return pointwise;
}

}  // namespace wasmconv::kernels
