// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Transposed convolution by sub-pixel decomposition (conv_transpose_subpixel.h).
#include "kernels/conv_transpose_subpixel.h"

#include <algorithm>
#include <vector>

#include "kernels/code_size.h"
#include "kernels/conv_igemm.h"
#include "kernels/gemm_tasks.h"
#include "kernels/igemm_microkernel.h"
#include "kernels/padded_image.h"
#include "kernels/pixel_panel.h"
#include "kernels/row_ops.h"  // phase arithmetic

namespace wasmconv::kernels {
namespace {

// The taps of one axis that feed output phase r, and their input offsets c_t.
struct AxisPhase {
  std::vector<int64_t> taps;
  std::vector<int64_t> offsets;
  int64_t outputs = 0;  // outputs of this phase, m = 0 .. outputs-1
};

AxisPhase axis_phase(const ConvGeometry& g, int axis, int64_t r) {
  AxisPhase ap;
  const int64_t s = g.stride[axis], d = g.dilation[axis], p = g.pad_begin[axis];
  ap.outputs = phase_len(g.output[axis], s, r);
  for (int64_t t = 0; t < g.kernel[axis]; ++t) {
    const int64_t num = r + p - t * d;
    const PhaseShift ps = phase_shift(num, s);
    if (ps.phase != 0) continue;
    ap.taps.push_back(t);
    ap.offsets.push_back(ps.shift);
  }
  return ap;
}

// The output phases of `axis` that receive at least one tap: r = (t*d - p) mod s for the
// taps t, so at most kernel-many whatever the stride. The other phases only get the bias.
std::vector<int64_t> tap_phases(const ConvGeometry& g, int axis) {
  std::vector<int64_t> phases;
  for (int64_t t = 0; t < g.kernel[axis]; ++t) {
    phases.push_back(phase_shift(t * g.dilation[axis] - g.pad_begin[axis], g.stride[axis]).phase);
  }
  std::sort(phases.begin(), phases.end());
  phases.erase(std::unique(phases.begin(), phases.end()), phases.end());
  return phases;
}

// True when some output position lies in a phase without taps (it holds only the bias).
bool has_tapless_outputs(const ConvGeometry& g) {
  for (int a = 0; a < 3; ++a) {
    // Phases 0 .. min(s, out) - 1 have outputs; all of them need taps.
    const int64_t with_outputs = std::min(g.stride[a], g.output[a]);
    const std::vector<int64_t> phases = tap_phases(g, a);
    const auto covered =
        std::lower_bound(phases.begin(), phases.end(), with_outputs) - phases.begin();
    if (covered < with_outputs) return true;
  }
  return false;
}

// Zero padding of the input along `axis` that lets every phase read x[m + c_t] in bounds.
void axis_padding(const ConvGeometry& g, int axis, int64_t* lo, int64_t* hi) {
  *lo = *hi = 0;
  for (int64_t r : tap_phases(g, axis)) {
    const AxisPhase ap = axis_phase(g, axis, r);
    if (ap.outputs == 0) continue;
    for (int64_t c : ap.offsets) {
      *lo = std::max(*lo, -c);
      *hi = std::max(*hi, ap.outputs - 1 + c - (g.input[axis] - 1));
    }
  }
}

int64_t blocks_per_group(const ConvGeometry& g) {
  return (g.out_channels_per_group() + kIgemmMR - 1) / kIgemmMR;
}

// Calls fn(rd, rh, rw, phase_taps) for every output phase that receives taps, in packing
// order (every tap belongs to exactly one such phase per axis).
template <class Fn>
void for_each_phase(const ConvGeometry& g, Fn fn) {
  const std::vector<int64_t> phases_d = tap_phases(g, 0), phases_h = tap_phases(g, 1),
                             phases_w = tap_phases(g, 2);
  for (int64_t rd : phases_d)
    for (int64_t rh : phases_h)
      for (int64_t rw : phases_w) {
        const AxisPhase pd = axis_phase(g, 0, rd), ph = axis_phase(g, 1, rh),
                        pw = axis_phase(g, 2, rw);
        fn(rd, rh, rw, pd, ph, pw);
      }
}

// One output phase's share of the work.
struct PhaseRun {
  int64_t rd = 0, rh = 0, rw = 0;                       // the phase
  int64_t outputs_d = 0, outputs_h = 0, outputs_w = 0;  // its outputs per axis
  int64_t taps = 0;                                     // taps feeding it
  int64_t offsets_at = 0;                               // its tap offsets in ws.offsets
  int64_t packed_at = 0;                                // its packed weights, from the start
  const float* packed = nullptr;                        // its packed weights

  // The packed weights of block b of group grp (`blocks` blocks per group).
  const float* block_weights(int64_t grp, int64_t b, int64_t blocks, int64_t cig) const {
    return packed + (grp * blocks + b) * taps * cig * kIgemmMR;
  }
};

// Both W phases of stride 2 for one output row (`y_row` points at its column 0 in output
// channel 0), phase outputs mw0 .. mw1 - 1 (`row_base` is where output mw0 reads): each
// block's two tiles (columns 2m and 2m + 1, m = mw .. mw + kTileN - 1) go to tile buffers
// and are merged into the row with vector shuffles. Storing each phase alone, element by
// element 2 apart, was 3% of T3's time.
void run_w_phase_pair(const ConvGeometry& g, const PhaseRun& even, const PhaseRun& odd, int64_t grp,
                      int64_t cig, int64_t cog, int64_t channel_stride, const float* row_base,
                      int64_t mw0, int64_t mw1, const float* bias, float* y_row, int64_t plane,
                      const int64_t* offsets, int64_t b0, int64_t b1) {
  float discard[kIgemmMR][kTileN];
  alignas(16) float tile[2][kIgemmMR][kTileN];
  const int64_t blocks = blocks_per_group(g);
  // Phase 0 has as many outputs as phase 1 or one more (an odd output width).
  for (int64_t mw = mw0; mw < std::min(even.outputs_w, mw1); mw += kTileN) {
    const int64_t n_even = std::min<int64_t>(kTileN, even.outputs_w - mw);
    const int64_t n_odd = std::max<int64_t>(0, std::min<int64_t>(kTileN, odd.outputs_w - mw));
    for (int64_t b = b0; b < b1; ++b) {
      const int64_t co0 = grp * cog + b * kIgemmMR, valid = cog - b * kIgemmMR;
      const PhaseRun* phase[2] = {&even, &odd};
      for (int k = 0; k < 2; ++k) {
        float init[kIgemmMR];
        float* out[kIgemmMR];
        block_rows<kIgemmMR>(bias, co0, valid, tile[k][0], kTileN, discard, init, out);
        const PhaseRun& run = *phase[k];
        igemm_f32_mrx2v<kIgemmMR>(run.taps, offsets + run.offsets_at, cig, channel_stride,
                                  run.block_weights(grp, b, blocks, cig), row_base + (mw - mw0),
                                  init, out, kTileN);
      }
      for (int64_t m = 0; m < std::min<int64_t>(kIgemmMR, valid); ++m) {
        float* dst = y_row + (co0 + m) * plane + 2 * mw;
        if (n_even == kTileN && n_odd == kTileN) {
          for (int v = 0; v < kTileN; v += kLanes) {
            store_interleaved(Vec::load_unaligned(&tile[0][m][v]),
                              Vec::load_unaligned(&tile[1][m][v]), dst + 2 * v);
          }
          continue;
        }
        for (int64_t j = 0; j < n_even; ++j) dst[2 * j] = tile[0][m][j];
        for (int64_t j = 0; j < n_odd; ++j) dst[2 * j + 1] = tile[1][m][j];
      }
    }
  }
}

// The padded input described as the input of a stride-1 zero-padded convolution.
ConvGeometry padded_input_geometry(const ConvGeometry& g) {
  ConvGeometry padded = g;
  padded.op = Op::kConv;
  padded.padding_mode = PaddingMode::kZeros;
  for (int a = 0; a < 3; ++a) {
    axis_padding(g, a, &padded.pad_begin[a], &padded.pad_end[a]);
    padded.stride[a] = 1;
  }
  return padded;
}

// Along `axis`: the most outputs a phase has, and how many padded positions past m the
// phases' taps read (output m of phase r reads padded position m + c_t + lo for its taps t,
// so extent = 1 + the largest c_t + lo).
struct AxisReach {
  int64_t most = 0, extent = 1;
};
AxisReach axis_reach(const ConvGeometry& g, int axis) {
  int64_t lo = 0, hi = 0;
  axis_padding(g, axis, &lo, &hi);
  AxisReach reach;
  for (int64_t r : tap_phases(g, axis)) {
    const AxisPhase ap = axis_phase(g, axis, r);
    if (ap.outputs == 0) continue;
    reach.most = std::max(reach.most, ap.outputs);
    for (int64_t c : ap.offsets) reach.extent = std::max(reach.extent, c + lo + 1);
  }
  return reach;
}

// A band of the padded image (2-D): `units` rows of phase outputs, mh0 .. mh0 + units - 1,
// which read padded rows mh0 .. mh0 + padded - 1 (padded = units - 1 + the H extent); or,
// when every phase has one output row (1-D), `units` columns of phase outputs, a multiple
// of the pixel tile, which read padded columns mw0 .. mw0 + padded - 1. 3-D: one band of
// every row (the image lives in a ring of planes).
struct PhaseBand {
  bool columns = false;
  int64_t units = 0, padded = 0;
};
PhaseBand phase_band(const ConvGeometry& g) {
  const AxisReach h = axis_reach(g, 1);
  const PaddedImage layout = padded_image_layout(padded_input_geometry(g));
  if (layout.depth != 1) return {false, h.most, layout.height};
  const int64_t bytes = static_cast<int64_t>(sizeof(float)) * g.in_channels;
  if (h.most > 1) {
    const int64_t rows = band_units(h.most, bytes * layout.row_len, 1, h.extent);
    return {false, rows, band_input_rows(rows, 1, h.extent)};
  }
  const AxisReach w = axis_reach(g, 2);
  int64_t cols = band_units(w.most, bytes * layout.height, 1, w.extent);
  cols = std::min(w.most, (cols + kTileN - 1) / kTileN * kTileN);
  return {true, cols, band_input_rows(cols, 1, w.extent)};
}

// The shared padded image (see conv_transpose_subpixel): at most 512 KiB.
constexpr int64_t kSharedImageFloats = 128 * 1024;

}  // namespace

int64_t subpixel_packed_size(const ConvGeometry& g) {
  // Every tap belongs to exactly one phase per axis.
  return g.groups * blocks_per_group(g) * g.in_channels_per_group() * g.kernel_spatial() * kIgemmMR;
}

WASMCONV_SET_UP void pack_subpixel_weights(const ConvGeometry& g, const float* w, float* packed) {
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  float* dst = packed;
  for_each_phase(g, [&](int64_t, int64_t, int64_t, const AxisPhase& pd, const AxisPhase& ph,
                        const AxisPhase& pw) {
    for (int64_t grp = 0; grp < g.groups; ++grp)
      for (int64_t b = 0; b < blocks_per_group(g); ++b)
        for (int64_t td : pd.taps)
          for (int64_t th : ph.taps)
            for (int64_t tw : pw.taps) {
              const int64_t t = (td * g.kernel[1] + th) * g.kernel[2] + tw;
              for (int64_t c = 0; c < cig; ++c) {
                // Transposed weights are [C_in, C_out/groups, taps].
                const int64_t ci = grp * cig + c;
                for (int m = 0; m < kIgemmMR; ++m) {
                  const int64_t co = b * kIgemmMR + m;
                  *dst++ = co < cog ? w[(ci * cog + co) * g.kernel_spatial() + t] : 0.0f;
                }
              }
            }
  });
}

int64_t subpixel_band_rows(const ConvGeometry& g) {
  const PhaseBand band = phase_band(g);
  return band.columns ? axis_reach(g, 1).most : band.units;
}

int64_t subpixel_band_cols(const ConvGeometry& g) {
  const PhaseBand band = phase_band(g);
  return band.columns ? band.units : axis_reach(g, 2).most;
}

namespace {

// The units a sub-pixel run's tasks cut (gemm_tasks.h): rows of phase outputs (2-D, and row
// panels, whose (md, mh) rows are numbered md * most_h + mh), columns of phase outputs
// (1-D: whole pixel tiles) or planes of phase outputs (3-D, on a ring of padded planes);
// with gathered pixel panels, none (one unit: the tasks cut output-channel blocks).
enum class Walk { kPanels, kRing, kRows, kColumns, kGathered };

// Everything conv_transpose_subpixel decides before its tasks run.
struct SubpixelPlan {
  ConvGeometry padded_geometry;
  PaddedImage layout;  // of the whole padded image (3-D: of the ring)
  std::vector<PhaseRun> runs;
  std::vector<int64_t> tap_planes, tap_rows, tap_cols, depth_taps;
  std::vector<std::pair<size_t, size_t>> row_groups;
  int64_t most_d = 0, most_h = 0, most_w = 0;
  bool row_panels = false, ring = false, shared = false;
  Walk walk = Walk::kRows;
  GemmTasks tasks;
  // Walk::kGathered (pixel_panel.h): run r's panel, at panel_at[r] of the shared scratch.
  std::vector<PixelPanel> panels;
  std::vector<int64_t> panel_at;
  int64_t panel_floats = 0;
};

// Gathered panels (pixel_panel.h) when the phases' rows are short: DCGAN's 512 -> 256 4x4
// stride-2 layer on a 4x4 input has phase rows of 4 outputs, half of each pixel tile.
// All phases' panels live in the caller's scratch, at most kPixelPanelFloats.
bool plan_gathered(const ConvGeometry& g, SubpixelPlan* plan) {
  double saving = 0.0;
  int64_t floats = 0;
  for (const PhaseRun& run : plan->runs) {
    saving += pixel_panel_saving(run.outputs_h, run.outputs_w, run.taps, g.in_channels_per_group(),
                                 blocks_per_group(g) * kIgemmMR, g.groups);
    floats += run.taps * g.in_channels * pixel_panel_row(run.outputs_h * run.outputs_w);
  }
  if (saving <= 0.0 || floats > kPixelPanelFloats) return false;
  const int64_t lo_h = plan->padded_geometry.pad_begin[1],
                lo_w = plan->padded_geometry.pad_begin[2];
  for (const PhaseRun& run : plan->runs) {
    PixelPanel pp;
    pp.rows = run.outputs_h;
    pp.cols = run.outputs_w;
    for (int64_t t = 0; t < run.taps; ++t) {
      const size_t i = static_cast<size_t>(run.offsets_at + t);
      pp.dh.push_back(plan->tap_rows[i] - lo_h);
      pp.dw.push_back(plan->tap_cols[i] - lo_w);
    }
    plan->panel_at.push_back(plan->panel_floats);
    plan->panel_floats += pp.floats(g.in_channels);
    plan->panels.push_back(std::move(pp));
  }
  return true;
}

WASMCONV_SET_UP SubpixelPlan plan_subpixel(const ConvGeometry& g, int threads = 1) {
  SubpixelPlan plan;
  const ConvGeometry& padded_geometry = plan.padded_geometry = padded_input_geometry(g);
  PaddedImage& layout = plan.layout = padded_image_layout(padded_geometry);

  const int64_t cig = g.in_channels_per_group();
  const int64_t lo_d = padded_geometry.pad_begin[0], lo_h = padded_geometry.pad_begin[1],
                lo_w = padded_geometry.pad_begin[2];
  // The phases that receive taps and have outputs, in packing order, with their tap
  // offsets into the padded image (all phases' offsets back to back in a task's
  // ws.offsets, from run.offsets_at on): each tap reads padded depth plane md +
  // tap_planes[i] (md the phase output's plane), row mh + tap_rows[i] and column mw +
  // tap_cols[i].
  std::vector<PhaseRun>& runs = plan.runs;
  std::vector<int64_t>& tap_planes = plan.tap_planes;
  std::vector<int64_t>& tap_rows = plan.tap_rows;
  std::vector<int64_t>& tap_cols = plan.tap_cols;
  int64_t packed_at = 0;
  for_each_phase(g, [&](int64_t rd, int64_t rh, int64_t rw, const AxisPhase& pd,
                        const AxisPhase& ph, const AxisPhase& pw) {
    PhaseRun run;
    run.rd = rd;
    run.rh = rh;
    run.rw = rw;
    run.outputs_d = pd.outputs;
    run.outputs_h = ph.outputs;
    run.outputs_w = pw.outputs;
    run.taps = static_cast<int64_t>(pd.taps.size() * ph.taps.size() * pw.taps.size());
    run.packed_at = packed_at;
    packed_at += g.groups * blocks_per_group(g) * run.taps * cig * kIgemmMR;
    if (pd.outputs == 0 || ph.outputs == 0 || pw.outputs == 0) return;
    run.offsets_at = static_cast<int64_t>(tap_planes.size());
    for (int64_t od : pd.offsets)
      for (int64_t oh : ph.offsets)
        for (int64_t ow : pw.offsets) {
          tap_planes.push_back(od + lo_d);
          tap_rows.push_back(oh + lo_h);
          tap_cols.push_back(ow + lo_w);
        }
    runs.push_back(run);
  });
  // With no border and every tap offset 0 (kernel = stride, pad 0, dilation 1 on every
  // axis, as in T3's k2 s2), output m*s + r of every phase reads input m itself, and the
  // padded image would be a copy of x. Instead, the channels of the one input row that a
  // row of phases reads are gathered into a panel, `panel_stride` apart (an odd number of
  // cache lines, as in the padded image), when the row is visited: on T3 2 MB less written
  // and read again, and the panel (40 KB) stays in L1 for all phases and blocks of the row.
  // Tile over-reads stay inside a channel's panel row: m + kTileN <= round_up(width, kTileN)
  // <= panel_stride (kTileN is 8 floats on wasm, 32 with AVX-512: up to two cache lines).
  bool& row_panels = plan.row_panels;
  row_panels = true;
  for (int a = 0; a < 3; ++a) {
    row_panels = row_panels && padded_geometry.pad_begin[a] == 0 && padded_geometry.pad_end[a] == 0;
  }
  for (size_t i = 0; i < tap_planes.size(); ++i) {
    row_panels = row_panels && tap_planes[i] == 0 && tap_rows[i] == 0 && tap_cols[i] == 0;
  }
  // Otherwise the padded image of a 2-D setting is built a band of phase-output rows at a
  // time (padded_image.h), rows mh0 .. mh1 - 1 reading padded rows from mh0 on; a 1-D one a
  // band of phase-output columns. A 3-D image lives in a ring of e = 1 + max(tap_planes)
  // depth planes: phase-output plane md reads padded planes md .. md + e - 1 (distinct mod
  // e), padded plane p is kept in ring plane p % e, and each is built once, when the first
  // md that reads it comes.
  int64_t &most_h = plan.most_h, &most_w = plan.most_w;
  for (const PhaseRun& run : runs) {
    most_h = std::max(most_h, run.outputs_h);
    most_w = std::max(most_w, run.outputs_w);
  }
  // (No ring when no phase has work: every output is then the bias.)
  plan.ring = !row_panels && layout.depth > 1 && !runs.empty();
  std::vector<int64_t>& depth_taps = plan.depth_taps;  // the distinct planes a tap reads past md
  depth_taps = tap_planes;
  std::sort(depth_taps.begin(), depth_taps.end());
  depth_taps.erase(std::unique(depth_taps.begin(), depth_taps.end()), depth_taps.end());
  // Phases that share (rd, rh) write the same output rows: visiting each such row once
  // for all of its W phases keeps the row's cache lines hot between the interleaved
  // stores (phase by phase over the whole output, every line would be fetched s times).
  // And the groups of one input row (md, mh) follow each other, so that the row's
  // channels are read from cache by all but the first (T3: the second pass over its
  // 2 MB input came from memory).
  std::vector<std::pair<size_t, size_t>>& row_groups = plan.row_groups;
  int64_t& most_d = plan.most_d;
  for (size_t first = 0; first < runs.size();) {
    size_t last = first;
    while (last < runs.size() && runs[last].rd == runs[first].rd && runs[last].rh == runs[first].rh)
      ++last;
    row_groups.emplace_back(first, last);
    most_d = std::max(most_d, runs[first].outputs_d);
    first = last;
  }
  // The units the tasks cut (gemm_tasks.h): rows of phase outputs (2-D, and row panels,
  // whose (md, mh) rows are numbered md * most_h + mh), columns of phase outputs (1-D:
  // whole pixel tiles) or planes of phase outputs (3-D); at most a band's.
  Walk& walk = plan.walk;
  int64_t units = most_h, cap = most_h, align = 1;
  if (layout.depth == 1 && !runs.empty() && plan_gathered(g, &plan)) {
    walk = Walk::kGathered;
    row_panels = false;
    units = cap = 1;
  } else if (row_panels) {
    walk = Walk::kPanels;
    units = cap = most_d * most_h;
  } else if (plan.ring) {
    walk = Walk::kRing;
    units = cap = most_d;
    layout = layout.slice(depth_taps.back() + 1, layout.height);
  } else {
    const PhaseBand band = phase_band(g);
    if (band.columns) {
      walk = Walk::kColumns;
      units = most_w;
      cap = band.units;
      align = kTileN;
    } else {
      cap = band.units;
      // Bands of whole multiples of the rows two bands share (extent - 1, built twice).
      align = std::max<int64_t>(1, axis_reach(g, 1).extent - 1);
      cap = std::max(cap, align);
    }
  }
  // Weight chunks (igemm_microkernel.h): block b's weights over every phase.
  int64_t phase_taps = 0;
  for (const PhaseRun& run : runs) phase_taps += run.taps;
  const int64_t blocks = blocks_per_group(g);
  const int64_t chunk = blocks_per_chunk(std::max<int64_t>(1, phase_taps) * cig * kIgemmMR, blocks);
  // Weights of several chunks: each task streams one chunk, and building its own band would
  // build every band once per chunk (DCGAN's D02, 32 chunks: 14% slower on one thread). A
  // padded image of moderate size is then built once per batch element, before the tasks,
  // on the caller's thread (a pass of the pool to build it costs more: conv_igemm.cc).
  plan.shared = walk == Walk::kGathered ||
                ((walk == Walk::kRows || walk == Walk::kColumns) &&
                 (blocks + chunk - 1) / chunk >= 2 && layout.size() <= kSharedImageFloats);
  if (plan.shared) cap = units;
  plan.tasks = split_gemm(plan.shared ? g.macs() / g.batch : g.macs(), plan.shared ? 1 : g.batch,
                          std::max<int64_t>(1, units), cap, align, blocks, chunk, threads);
  return plan;
}

}  // namespace

SubpixelTasks subpixel_tasks(const ConvGeometry& g) {
  const SubpixelPlan plan = plan_subpixel(g);
  return {plan.tasks, plan.shared, plan.walk == Walk::kGathered};
}

Status conv_transpose_subpixel(const ConvGeometry& g, const float* packed, const float* x,
                               const float* bias, float* y, Workspaces* threads) {
  SubpixelPlan plan = plan_subpixel(g, threads->threads());
  const ConvGeometry& padded_geometry = plan.padded_geometry;
  PaddedImage& layout = plan.layout;
  std::vector<PhaseRun>& runs = plan.runs;
  for (PhaseRun& run : runs) run.packed = packed + run.packed_at;
  const std::vector<int64_t>& tap_planes = plan.tap_planes;
  const std::vector<int64_t>& tap_rows = plan.tap_rows;
  const std::vector<int64_t>& tap_cols = plan.tap_cols;
  const std::vector<int64_t>& depth_taps = plan.depth_taps;
  const auto& row_groups = plan.row_groups;
  const int64_t most_d = plan.most_d, most_h = plan.most_h, most_w = plan.most_w;
  const bool row_panels = plan.row_panels, ring = plan.ring, shared = plan.shared;
  const Walk walk = plan.walk;
  const GemmTasks& tasks = plan.tasks;
  const int64_t sw = g.stride[2], out_w = g.output[2];
  const int64_t plane = g.output_spatial();
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t blocks = blocks_per_group(g);
  const int64_t in_w = g.input[2], in_plane = g.input_spatial();
  const int64_t panel_stride = spread_channel_stride((in_w + kTileN - 1) / kTileN * kTileN);
  Workspace& caller = threads->caller();
  // A task's band: the padded rows (columns) its phase outputs read.
  if (walk == Walk::kGathered) {
    WASMCONV_RETURN_IF_ERROR(caller.input.reserve(plan.panel_floats, "gathered input panels"));
  } else if (shared) {
    WASMCONV_RETURN_IF_ERROR(caller.input.reserve(layout.size(), "padded input"));
  } else if (walk == Walk::kRows) {
    layout = layout.slice(1, band_input_rows(tasks.units.step, 1, axis_reach(g, 1).extent));
  } else if (walk == Walk::kColumns) {
    layout = layout.columns(band_input_rows(tasks.units.step, 1, axis_reach(g, 2).extent));
  }
  const int64_t channel_stride = row_panels ? panel_stride : layout.channel_stride;
  // Outputs in phases without taps get no GEMM: they hold the bias. Each task writes it
  // over its own box of the output first (planes d0 .. d1 - 1, rows h0 .. h1 - 1, columns
  // w0 .. w1 - 1 of its blocks' channels), then its GEMMs overwrite the outputs that have
  // taps. Phase output m of axis a is output m * s_a + r, so the boxes of the tasks' phase
  // outputs m0 .. m1 - 1, [m0 * s_a, m1 * s_a) (the last to the output's end), tile the
  // output. (A pass of its own over the output would wake the pool's workers twice per
  // run: T5 took 0.207 ms on two threads against 0.244 ms on one.)
  const bool tapless = has_tapless_outputs(g);
  auto fill_bias = [&](float* yn, int64_t b0, int64_t b1, int64_t d0, int64_t d1, int64_t h0,
                       int64_t h1, int64_t w0, int64_t w1) {
    for (int64_t grp = 0; grp < g.groups; ++grp)
      for (int64_t co = b0 * kIgemmMR; co < std::min(cog, b1 * kIgemmMR); ++co) {
        const int64_t oc = grp * cog + co;
        const float b = bias != nullptr ? bias[oc] : 0.0f;
        for (int64_t od = d0; od < d1; ++od)
          for (int64_t oh = h0; oh < h1; ++oh) {
            float* row = yn + ((oc * g.output[0] + od) * g.output[1] + oh) * out_w;
            std::fill(row + w0, row + w1, b);
          }
      }
  };
  // Output positions [m0 * s, m1 * s) of phase outputs m0 .. m1 - 1 of `most` along an axis
  // of `size` outputs.
  auto box = [](int64_t m0, int64_t m1, int64_t most, int64_t s, int64_t size) {
    return std::pair<int64_t, int64_t>(std::min(size, m0 * s),
                                       m1 >= most ? size : std::min(size, m1 * s));
  };
  if (runs.empty()) {
    // No phase has work: every output is the bias.
    for (int64_t n = 0; n < g.batch; ++n) {
      fill_bias(y + n * g.out_channels * plane, 0, blocks, 0, g.output[0], 0, g.output[1], 0,
                out_w);
    }
    return Status();
  }

  auto task = [&](int64_t n, const GemmTasks::Cell& cell, Workspace& ws) -> Status {
    const float* const xn = x + n * g.in_channels * in_plane;
    float* yn = y + n * g.out_channels * plane;
    const int64_t b0 = cell.b0, b1 = cell.b1;
    if (walk == Walk::kGathered) {
      if (tapless) fill_bias(yn, b0, b1, 0, g.output[0], 0, g.output[1], 0, out_w);
      // One padded depth plane: every phase has at most one output plane, md = 0.
      for (size_t r = 0; r < runs.size(); ++r) {
        const PhaseRun& run = runs[r];
        const PixelPanel& pp = plan.panels[r];
        float* const first = yn + (run.rd * g.output[1] + run.rh) * out_w + run.rw;
        for (int64_t grp = 0; grp < g.groups; ++grp) {
          pixel_panel_gemm(pp, caller.input.data() + plan.panel_at[r], g.in_channels, grp * cig,
                           cig, run.block_weights(grp, 0, blocks, cig), bias, grp * cog, cog, b0,
                           b1, first + grp * cog * plane, plane, g.stride[1] * out_w, sw,
                           &ws.offsets);
        }
      }
      return Status();
    }
    if (row_panels) {
      WASMCONV_RETURN_IF_ERROR(ws.input.reserve(cig * panel_stride, "input row panel"));
      // The columns past the input width are read into discarded lanes only; zeros keep
      // them finite.
      for (int64_t c = 0; c < cig; ++c) {
        std::fill(ws.input.data() + c * panel_stride + in_w,
                  ws.input.data() + c * panel_stride + (in_w + kTileN - 1) / kTileN * kTileN, 0.0f);
      }
    } else if (!shared) {
      WASMCONV_RETURN_IF_ERROR(ws.input.reserve(layout.size(), "padded input"));
    }
    // The tap offsets for phase-output plane md in the layout (2-D: the same for every md).
    auto place_taps = [&](int64_t md) {
      ws.offsets.resize(tap_planes.size());
      for (size_t i = 0; i < tap_planes.size(); ++i) {
        ws.offsets[i] =
            row_panels
                ? 0
                : layout.row_offset((md + tap_planes[i]) % layout.depth, tap_rows[i]) + tap_cols[i];
      }
    };
    place_taps(0);
    float discard[kIgemmMR][kTileN];
    float tile[kIgemmMR][kTileN];
    // Phase-output row (md, mh) of group grp, columns mw0 .. mw1 - 1, reading `row_base`.
    auto phase_row = [&](int64_t md, int64_t mh, int64_t grp, const float* row_base, int64_t mw0,
                         int64_t mw1) {
      for (const auto& [first, last] : row_groups) {
        const PhaseRun& lead = runs[first];
        if (md >= lead.outputs_d || mh >= lead.outputs_h) continue;
        const int64_t y_row =
            ((md * g.stride[0] + lead.rd) * g.output[1] + mh * g.stride[1] + lead.rh) * out_w;
        if (sw == 2 && last - first == 2 && runs[first].rw == 0 && runs[first + 1].rw == 1) {
          run_w_phase_pair(g, runs[first], runs[first + 1], grp, cig, cog, channel_stride, row_base,
                           mw0, mw1, bias, yn + y_row, plane, ws.offsets.data(), b0, b1);
          continue;
        }
        for (size_t r = first; r < last; ++r) {
          const PhaseRun& run = runs[r];
          const int64_t* offsets = ws.offsets.data() + run.offsets_at;
          // Output column m * sw + rw of the row: written in place, sw apart.
          for (int64_t mw = mw0; mw < std::min(run.outputs_w, mw1); mw += kTileN) {
            const int64_t n_valid = std::min<int64_t>(kTileN, run.outputs_w - mw);
            for (int64_t b = b0; b < b1; ++b) {
              const int64_t co0 = grp * cog + b * kIgemmMR, valid = cog - b * kIgemmMR;
              float* const first_row = yn + co0 * plane + y_row + run.rw + mw * sw;
              float init[kIgemmMR];
              float* out[kIgemmMR];
              // Stride 1 stores into place; otherwise into a tile, scattered sw apart
              // afterwards (keeping the microkernel's own stores plain vector stores).
              block_rows<kIgemmMR>(bias, co0, valid, sw == 1 ? first_row : tile[0],
                                   sw == 1 ? plane : kTileN, discard, init, out);
              igemm_f32_mrx2v<kIgemmMR>(
                  run.taps, offsets, cig, channel_stride, run.block_weights(grp, b, blocks, cig),
                  row_base + (mw - mw0), init, out, sw == 1 ? n_valid : kTileN);
              if (sw == 1) continue;
              for (int64_t m = 0; m < std::min<int64_t>(kIgemmMR, valid); ++m) {
                float* dst = first_row + m * plane;
                for (int64_t j = 0; j < n_valid; ++j) dst[j * sw] = tile[m][j];
              }
            }
          }
        }
      }
    };
    if (row_panels) {
      // Rows md * most_h + mh from u0 to u1 - 1. Without a border no phase has more
      // outputs than the input has rows.
      for (int64_t u = cell.u0; u < cell.u1; ++u) {
        const int64_t md = u / most_h, mh = u % most_h;
        if (tapless) {
          const auto [d0, d1] = box(md, md + 1, most_d, g.stride[0], g.output[0]);
          const auto [h0, h1] = box(mh, mh + 1, most_h, g.stride[1], g.output[1]);
          fill_bias(yn, b0, b1, d0, d1, h0, h1, 0, out_w);
        }
        for (int64_t grp = 0; grp < g.groups; ++grp) {
          const float* src = xn + grp * cig * in_plane + (md * g.input[1] + mh) * in_w;
          for (int64_t c = 0; c < cig; ++c) {
            std::copy(src + c * in_plane, src + c * in_plane + in_w,
                      ws.input.data() + c * panel_stride);
          }
          phase_row(md, mh, grp, ws.input.data(), 0, most_w);
        }
      }
      return Status();
    }
    // The task's phase outputs: planes md0 .. md1 - 1, rows mh0 .. mh1 - 1, columns mw0 ..
    // mw1 - 1; its scratch starts at padded row band_h and column band_w.
    const int64_t md0 = walk == Walk::kRing ? cell.u0 : 0,
                  md1 = walk == Walk::kRing ? cell.u1 : most_d;
    const int64_t mh0 = walk == Walk::kRows ? cell.u0 : 0,
                  mh1 = walk == Walk::kRows ? cell.u1 : most_h;
    const int64_t mw0 = walk == Walk::kColumns ? cell.u0 : 0,
                  mw1 = walk == Walk::kColumns ? cell.u1 : most_w;
    const int64_t band_h = shared ? 0 : mh0, band_w = shared ? 0 : mw0;
    const float* const scratch = shared ? caller.input.data() : ws.input.data();
    if (tapless) {
      const auto [d0, d1] = box(md0, md1, most_d, g.stride[0], g.output[0]);
      const auto [h0, h1] = box(mh0, mh1, most_h, g.stride[1], g.output[1]);
      const auto [w0, w1] = box(mw0, mw1, most_w, g.stride[2], out_w);
      fill_bias(yn, b0, b1, d0, d1, h0, h1, w0, w1);
    }
    // The padded plane each ring plane holds; the ring's gaps between channels, which its
    // row-by-row fills never write, are zeroed once.
    std::vector<int64_t> held;
    if (ring) {
      zero_padded_gaps(layout, ws.input.data());
      held.resize(static_cast<size_t>(layout.depth));
      std::fill(held.begin(), held.end(), -1);
    } else if (!shared) {
      fill_padded_image(padded_geometry, layout, xn, ws.input.data(), mh0, layout.height, mw0);
    }
    for (int64_t md = md0; md < md1; ++md) {
      if (ring) {
        for (int64_t tp : depth_taps) {
          const int64_t p = md + tp, slot = p % layout.depth;
          if (held[static_cast<size_t>(slot)] == p) continue;
          fill_padded_plane(padded_geometry, layout, xn, ws.input.data(), p, slot);
          held[static_cast<size_t>(slot)] = p;
        }
        place_taps(md);
      }
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        const float* image = scratch + grp * cig * layout.channel_stride;
        for (int64_t mh = mh0; mh < mh1; ++mh) {
          phase_row(md, mh, grp, image + layout.row_offset(0, mh - band_h) + (mw0 - band_w), mw0,
                    mw1);
        }
      }
    }
    return Status();
  };
  return run_gemm_tasks(
      tasks, shared, g.batch,
      [&](int64_t n) {
        const float* xn = x + n * g.in_channels * in_plane;
        if (walk == Walk::kGathered) {
          for (size_t r = 0; r < runs.size(); ++r) {
            gather_pixel_panel(plan.panels[r], xn, g.in_channels, g.input[1], in_w,
                               PaddingMode::kZeros, caller.input.data() + plan.panel_at[r]);
          }
        } else {
          fill_padded_image(padded_geometry, layout, xn, caller.input.data());
        }
      },
      task, threads);
}

}  // namespace wasmconv::kernels
