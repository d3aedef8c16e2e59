// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Kernel choice and dispatch of the fast paths (fast_path.h).
#include "kernels/fast_path.h"

#include <cstring>

#include "kernels/conv_fewout.h"
#include "kernels/conv_igemm.h"
#include "kernels/conv_im2col_channels_last.h"
#include "kernels/conv_pointwise_channels_last.h"
#include "kernels/conv_transpose_gemv.h"
#include "kernels/conv_transpose_phase_gemm.h"
#include "kernels/conv_transpose_pointwise_channels_last.h"
#include "kernels/conv_transpose_subpixel.h"
#include "kernels/conv_winograd.h"
#include "kernels/dwconv_1x1.h"
#include "kernels/dwconv_channels_last.h"
#include "kernels/dwconv_direct.h"
#include "kernels/dwconv_transpose_subpixel.h"
#include "kernels/simd_path.h"
#include "kernels/transpose_channels.h"
#include "ref/conv_ref.h"

namespace wasmconv::kernels {

const char* fast_kernel_name(FastKernel kernel) {
  switch (kernel) {
    case FastKernel::kIgemm:
      return "conv_nchw_f32_igemm";
    case FastKernel::kSubpixel:
      return "conv_transpose_nchw_f32_subpixel";
    case FastKernel::kDepthwise:
      return "dwconv_nchw_f32_direct";
    case FastKernel::kWinograd:
      return "conv_nchw_f32_winograd_4x4_3x3";
    case FastKernel::kRow:
      return "row_axpy";
    case FastKernel::kTransposeGemv:
      return "conv_transpose_nchw_f32_gemv";
    case FastKernel::kPhaseGemm:
      return "conv_transpose_nchw_f32_phase_gemm";
    case FastKernel::kFewOut:
      return "conv_nchw_f32_fewout";
    case FastKernel::kPointwiseChannelsLast:
      return "conv_nhwc_f32_pointwise";
    case FastKernel::kIm2colChannelsLast:
      return "conv_nhwc_f32_im2col";
    case FastKernel::kTransposePointwiseChannelsLast:
      return "conv_transpose_nhwc_f32_pointwise";
  }
  return "?";
}

FastKernel choose_fast_kernel(const ConvGeometry& g) {
  // Channels-last data: a 1x1 is read in place, and so are the layers the channels-first GEMM
  // would take where that pays (kIm2colChannelsLast, below), Winograd's one-group layers
  // (conv_winograd.h), most depthwise ones (reads_channels_last) and transposed convolutions
  // whose kernel is their stride (conv_transpose_pointwise_channels_last.h); the others run
  // on transposed copies, chosen below as for channels-first data.
  if (pointwise_channels_last_applies(g)) return FastKernel::kPointwiseChannelsLast;
  if (transpose_pointwise_channels_last_applies(g))
    return FastKernel::kTransposePointwiseChannelsLast;
  // A one-pixel input uses each weight once: reading W once, in order, is the least any
  // path can do (conv_transpose_gemv.h).
  if (conv_transpose_gemv_applies(g)) return FastKernel::kTransposeGemv;
  if (winograd_applies(g) && g.out_channels_per_group() >= 8 && g.in_channels_per_group() >= 8) {
    return FastKernel::kWinograd;
  }
  // The GEMM microkernel needs whole blocks of kIgemmMR output channels. It keeps a tile of
  // outputs in registers over the whole reduction and loads each input once per block;
  // the row path loads and stores its output row once per (input channel, tap), so with two
  // or more input channels per group the GEMM wins however short the reduction. Measured
  // (build/wasm-relaxed/bench/conv_bench, relaxed build, 56 random 1x1 and 2x2 layers with
  // 2-7 input channels, 4-138 outputs, strides 1-2): 1.6-33x the row path, e.g. the
  // 3x156x14 -> 46 1x1 of the random draw 2.7 -> 23 GFLOP/s, 6x8x8 -> 138 1x1 2.6 -> 30.
  // With one input channel per group the depthwise kernels also keep their accumulators
  // over the taps: from 2 to 7 taps the two measured alike (0.6-1.1x), so they keep those,
  // and a 1x1 is a scale of planes (dwconv_1x1.h).
  // On channels-last data the same GEMM with output channels in the lanes reads the input
  // in place, each pixel's taps gathered into one row (conv_im2col_channels_last.h), instead
  // of the two transposes around it, where im2col_channels_last_applies says that pays.
  if (g.op == Op::kConv && g.out_channels_per_group() >= kIgemmMR &&
      (g.in_channels_per_group() >= 2 || g.kernel_spatial() >= 8)) {
    return im2col_channels_last_applies(g) ? FastKernel::kIm2colChannelsLast : FastKernel::kIgemm;
  }
  if (g.op == Op::kConv && g.in_channels_per_group() == 1) return FastKernel::kDepthwise;
  // Fewer output channels than a GEMM block: output pixels in the lanes, summed over input
  // channels and taps in registers (conv_fewout.h), instead of the row path's axpys, which
  // load and store the output row once per (input channel, tap); but only while one output
  // row's input rows (channels x k_d x k_h rows, padded) fit in 256 KiB: past that every
  // tap's loads come from L2 and the rows are copied in bands. Measured (bench/conv_bench
  // --paired, relaxed build, the 30 such shapes of --random 200 --seed 20261206): fitting,
  // 1.1-16x the row path (0.85x on a 0.02 ms 15x14x14 layer); not fitting, 0.12-0.85x
  // (98x122x122 k7 s2, 367x188x115 k3 d2, 217x243x243 k4 s2, 90x8x386 k4, 258x143x143 k7 s3).
  // But a pointwise layer with one output channel per group goes to the row path: one
  // multiply-add of a whole input plane into the output plane per input channel, streamed
  // in place, where the few-output kernel's one-channel path copies every input row into
  // its stack first. Measured (conv_bench, relaxed build): 1.6-2.0x on eight such layers,
  // 2 to 64 input channels per group (U-Net's 32x256x256 -> 1 output layer, U15: 0.42 ->
  // 0.24 ms; the GEMM, 3 of its 4 rows idle, 0.54); with 2 or 3 output channels the
  // few-output kernel stays ahead (the row path 0.67-0.92x).
  if (g.op == Op::kConv && g.out_channels_per_group() == 1 && g.in_channels_per_group() >= 2 &&
      is_pointwise(g)) {
    return FastKernel::kRow;
  }
  if (g.op == Op::kConv && g.out_channels_per_group() < kIgemmMR && conv_fewout_fits(g))
    return FastKernel::kFewOut;
  if (g.op == Op::kConvTranspose) {
    // Three ways, ranked by the share of the GEMM microkernel's multiply-adds that are real
    // work (its rate times that share is what a path delivers):
    // - sub-pixel (conv_transpose_subpixel.h) runs one small convolution per output phase
    //   with exactly its taps; rows idle when C_out is not a multiple of kIgemmMR. Phases
    //   that no tap reaches (a stride beyond the dilated kernel) only take the bias, which
    //   every path writes: measured 3.9x the scatter path on a 60 -> 304 1x1 stride 3, 6-19x
    //   on 1x1 s2, 2x2 s3 and 3x3 s4 layers.
    // - phase GEMM (conv_transpose_phase_gemm.h) puts (channel, phase) pairs in the rows,
    //   at the price of zero taps where s does not divide K.
    // - the scatter path (simd_path.h) reaches 4-10 GFLOP/s where the GEMM reaches ~45 in
    //   the relaxed build: it counts as a quarter.
    // Measured on bench/suites: DCGAN's 64 -> 3 output layer (D05) 3.8 GFLOP/s scattered,
    // 20.7 on sub-pixel (share 3/4); ESPCN's 56 -> 1 upsampler (F05) 9.4 scattered, 11.8 on
    // sub-pixel (share 1/4), 28.2 on the phase GEMM (share 3/4).
    // One input channel per group: the depthwise transposed kernels of the row path. From
    // two, the GEMM wins however short the reduction, as for convolutions above (sub-pixel
    // 2.0-6.4x the scatter path on eleven layers with 2-3 input channels).
    if (g.in_channels_per_group() < 2) return FastKernel::kRow;
    const int64_t cog = g.out_channels_per_group();
    const double subpixel =
        static_cast<double>(cog) / static_cast<double>((cog + kIgemmMR - 1) / kIgemmMR * kIgemmMR);
    const double phase_gemm = phase_gemm_applies(g) ? phase_gemm_useful_fraction(g) : 0.0;
    constexpr double kScatter = 0.25;
    if (phase_gemm > subpixel && phase_gemm > kScatter) return FastKernel::kPhaseGemm;
    if (subpixel >= kScatter) return FastKernel::kSubpixel;
  }
  return FastKernel::kRow;
}

namespace {

// Each kernel's weight packing (its size and its layout), indexed by FastKernel in its order;
// null for the kernels that read the weights as given. One table rather than a case per
// kernel keeps pack() one allocation.
struct WeightPacking {
  int64_t (*size)(const ConvGeometry& g);
  void (*pack)(const ConvGeometry& g, const float* w, float* packed);
};
constexpr WeightPacking kWeightPackings[] = {
    {igemm_packed_size, pack_igemm_weights},
    {subpixel_packed_size, pack_subpixel_weights},
    {dwconv_taps_packed_size, pack_dwconv_taps},  // kDepthwise: where dwconv_taps_read
    {winograd_packed_size, pack_winograd_weights},
    {nullptr, nullptr},  // kRow
    {nullptr, nullptr},  // kTransposeGemv
    {phase_gemm_packed_size, pack_phase_gemm_weights},
    {nullptr, nullptr},  // kFewOut
    {channels_last_gemm_packed_size, pack_channels_last_gemm_weights},
    {channels_last_gemm_packed_size, pack_channels_last_gemm_weights},  // kIm2colChannelsLast
    {transpose_pointwise_packed_size, pack_transpose_pointwise_weights},
};
static_assert(sizeof(kWeightPackings) / sizeof(kWeightPackings[0]) ==
                  static_cast<size_t>(FastKernel::kTransposePointwiseChannelsLast) + 1,
              "one packing per FastKernel, in its order (the order kKernelRunners checks)");

}  // namespace

// The kernel that takes a Winograd layer's non-finite weights: the channels-first GEMM, or
// on channels-last data that Winograd reads in place, the channels-last one (the same sums).
static FastKernel winograd_stand_in(const ConvGeometry& g) {
  return winograd_channels_last_applies(g) ? FastKernel::kIm2colChannelsLast : FastKernel::kIgemm;
}

Status PackedConv::pack(const ConvGeometry& g, const float* w) {
  kernel_ = choose_fast_kernel(g);
  key_ = g;
  // Non-finite weights must give NaN exactly where the reference does: Winograd's
  // transforms would mix them into other taps, and the sub-pixel path multiplies its zero
  // padding, which a transposed convolution does not have. Both hand such weights over.
  if (kernel_ == FastKernel::kWinograd && !all_finite(w, g.weight_size()))
    kernel_ = winograd_stand_in(g);
  if ((kernel_ == FastKernel::kSubpixel || kernel_ == FastKernel::kPhaseGemm) &&
      !all_finite(w, g.weight_size())) {
    kernel_ = FastKernel::kRow;
  }
  // The weights as given serve the row and depthwise kernels directly, and every kernel's
  // fallbacks (non-finite inputs for Winograd, oversized padding for all).
  WASMCONV_RETURN_IF_ERROR(raw_weights_.allocate(g.weight_size(), "weights"));
  std::memcpy(raw_weights_.data(), w, static_cast<size_t>(g.weight_size()) * sizeof(float));
  weights_ = FloatBuffer();
  // The depthwise kernels read the weights as given, but for the channels-in-lanes ones,
  // which read them laid out [tap][C]: laid out once per layer rather than per run.
  const WeightPacking& packing = kWeightPackings[static_cast<int>(kernel_)];
  if (packing.pack == nullptr || (kernel_ == FastKernel::kDepthwise && !dwconv_taps_read(g)))
    return Status();
  WASMCONV_RETURN_IF_ERROR(weights_.allocate(packing.size(g), "packed weights"));
  packing.pack(g, w, weights_.data());
  return Status();
}

bool reads_channels_last(const ConvGeometry& g) {
  const FastKernel kernel = choose_fast_kernel(g);
  return kernel == FastKernel::kPointwiseChannelsLast ||
         kernel == FastKernel::kIm2colChannelsLast ||
         kernel == FastKernel::kTransposePointwiseChannelsLast ||
         (kernel == FastKernel::kDepthwise && dwconv_channels_last_applies(g)) ||
         (kernel == FastKernel::kWinograd && winograd_channels_last_applies(g));
}

bool PackedConv::serves(const ConvGeometry& g) const {
  if (raw_weights_.data() == nullptr) return false;
  const FastKernel wanted = choose_fast_kernel(g);
  // A choice demoted at pack time (non-finite weights) stays demoted.
  const bool demoted = (wanted == FastKernel::kWinograd && kernel_ == winograd_stand_in(g)) ||
                       ((wanted == FastKernel::kSubpixel || wanted == FastKernel::kPhaseGemm) &&
                        kernel_ == FastKernel::kRow);
  if (wanted != kernel_ && !demoted) return false;
  // A depthwise packing made without the taps layout cannot serve a geometry that reads it.
  if (kernel_ == FastKernel::kDepthwise && weights_.data() == nullptr && dwconv_taps_read(g))
    return false;
  // The packings depend on the op, channels, groups and kernel extents; the sub-pixel
  // packing also on which taps feed which output phase (stride, dilation, pad_begin).
  // The phase GEMM's packing depends on the stride (tap k goes to phase k mod s).
  const bool same_phases =
      (kernel_ != FastKernel::kSubpixel ||
       (g.stride == key_.stride && g.dilation == key_.dilation && g.pad_begin == key_.pad_begin)) &&
      (kernel_ != FastKernel::kPhaseGemm || g.stride == key_.stride);
  return same_phases && g.op == key_.op && g.in_channels == key_.in_channels &&
         g.out_channels == key_.out_channels && g.groups == key_.groups && g.kernel == key_.kernel;
}

bool padded_input_fits(const ConvGeometry& g, FastKernel kernel) {
  if ((g.op == Op::kConvTranspose && kernel != FastKernel::kSubpixel) ||
      kernel == FastKernel::kPointwiseChannelsLast || kernel == FastKernel::kIm2colChannelsLast ||
      kernel == FastKernel::kTransposePointwiseChannelsLast ||
      (kernel == FastKernel::kDepthwise && dwconv_channels_last_applies(g)))
    return true;  // no padded image
  // Extents of the padded image: the conv's own pads, or for sub-pixel at most the dilated
  // kernel on each side. Checked in 64 bits with overflow detection: pads may be 2^31 each.
  int64_t count = g.in_channels;
  for (int a = 0; a < 3; ++a) {
    const int64_t extent = g.op == Op::kConv
                               ? g.input[a] + g.pad_begin[a] + g.pad_end[a]
                               : g.input[a] + 2 * (g.dilation[a] * (g.kernel[a] - 1) + 1);
    if (extent < 0 || __builtin_mul_overflow(count, extent, &count)) return false;
  }
  return count <= kMaxTensorBytes / 4;
}

ThreadPool* pool_for(const ConvGeometry& g, ThreadPool* pool) {
  if (pool == nullptr || pool->threads() < 2) return nullptr;
  return g.macs() >= pool->min_threaded_macs() ? pool : nullptr;
}

namespace {

// The kernels are called through this table, not a switch. Binaryen's link-time optimiser
// inlines every function that has one caller, so a switch here put igemm, Winograd,
// sub-pixel and both depthwise paths into one ~29,000-instruction function, and V8 compiled
// the GEMM loops inside it 25-30% slower (C3, C5 and T1 of the benchmark, measured against
// the same kernels built before the depthwise paths joined the switch). An indirect call
// cannot be inlined, so every kernel stays a function of its own size.
struct KernelArgs {
  const ConvGeometry& g;
  const float* packed;  // the kernel's packing (PackedConv::weights_)
  const float* raw;     // the weights as given
  const float* x;
  const float* bias;
  float* y;
  Workspaces* threads;
};
using KernelRunner = Status (*)(const KernelArgs&);

Status run_igemm(const KernelArgs& a) {
  return conv_igemm(a.g, a.packed, a.x, a.bias, a.y, a.threads);
}
Status run_subpixel(const KernelArgs& a) {
  return conv_transpose_subpixel(a.g, a.packed, a.x, a.bias, a.y, a.threads);
}
Status run_depthwise(const KernelArgs& a) {
  return dwconv_direct(a.g, a.raw, a.x, a.bias, a.y, a.threads, a.packed);
}
Status run_winograd(const KernelArgs& a) {
  // Winograd's transforms would mix a non-finite input into neighbouring outputs: the
  // direct kernel takes such data (on channels-first copies of channels-last data, which
  // it cannot read in place; a rare case, on the caller's thread).
  const ConvGeometry& g = a.g;
  if (all_finite(a.x, g.input_size()))
    return conv_winograd(g, a.packed, a.x, a.bias, a.y, a.threads);
  if (!winograd_channels_last_applies(g)) return conv_simd(g, a.x, a.raw, a.bias, a.y);
  Workspace& ws = a.threads->caller();
  WASMCONV_RETURN_IF_ERROR(
      ws.input.reserve(g.input_size() + g.output_size(), "the channels-first copies"));
  float* const x = ws.input.data();
  float* const y = x + g.input_size();
  transpose_planes(a.x, x, g.batch, g.input_spatial(), g.in_channels, nullptr);
  ConvGeometry first = g;
  first.data_layout = DataLayout::kChannelsFirst;
  WASMCONV_RETURN_IF_ERROR(conv_simd(first, x, a.raw, a.bias, y));
  transpose_planes(y, a.y, g.batch, g.out_channels, g.output_spatial(), nullptr);
  return Status();
}
Status run_row(const KernelArgs& a) {
  // Depthwise 1x1 transposed convolution: a scale of planes, spread s apart.
  if (dwconv_1x1_applies(a.g)) return dwconv_1x1(a.g, a.raw, a.x, a.bias, a.y, a.threads);
  // Depthwise transposed convolution: sub-pixel phases on the depthwise microkernel.
  if (dwconv_transpose_applies(a.g, a.raw)) {
    return dwconv_transpose_subpixel(a.g, a.raw, a.x, a.bias, a.y, a.threads);
  }
  return a.g.op == Op::kConv ? conv_simd(a.g, a.x, a.raw, a.bias, a.y, a.threads)
                             : conv_transpose_simd(a.g, a.x, a.raw, a.bias, a.y, a.threads);
}

Status run_phase_gemm(const KernelArgs& a) {
  // Taps missing from a phase are zero weights in its rows, and 0 * Inf would put a NaN
  // where the reference has no term: such inputs take the scatter path.
  if (!phase_gemm_all_taps_real(a.g) && !all_finite(a.x, a.g.input_size())) {
    return conv_transpose_simd(a.g, a.x, a.raw, a.bias, a.y);
  }
  return conv_transpose_phase_gemm(a.g, a.packed, a.x, a.bias, a.y, a.threads);
}
Status run_transpose_gemv(const KernelArgs& a) {
  conv_transpose_gemv(a.g, a.raw, a.x, a.bias, a.y, a.threads);
  return Status();
}
Status run_fewout(const KernelArgs& a) {
  return conv_fewout(a.g, a.raw, a.x, a.bias, a.y, a.threads);
}
Status run_pointwise_channels_last(const KernelArgs& a) {
  return conv_pointwise_channels_last(a.g, a.packed, a.raw, a.x, a.bias, a.y, a.threads);
}
Status run_im2col_channels_last(const KernelArgs& a) {
  return conv_im2col_channels_last(a.g, a.packed, a.x, a.bias, a.y, a.threads);
}
Status run_transpose_pointwise_channels_last(const KernelArgs& a) {
  return conv_transpose_pointwise_channels_last(a.g, a.packed, a.x, a.bias, a.y, a.threads);
}

// Indexed by FastKernel, in its order (fast_path.h).
constexpr KernelRunner kKernelRunners[] = {run_igemm,
                                           run_subpixel,
                                           run_depthwise,
                                           run_winograd,
                                           run_row,
                                           run_transpose_gemv,
                                           run_phase_gemm,
                                           run_fewout,
                                           run_pointwise_channels_last,
                                           run_im2col_channels_last,
                                           run_transpose_pointwise_channels_last};
static_assert(static_cast<int>(FastKernel::kIgemm) == 0 &&
                  static_cast<int>(FastKernel::kSubpixel) == 1 &&
                  static_cast<int>(FastKernel::kDepthwise) == 2 &&
                  static_cast<int>(FastKernel::kWinograd) == 3 &&
                  static_cast<int>(FastKernel::kRow) == 4 &&
                  static_cast<int>(FastKernel::kTransposeGemv) == 5 &&
                  static_cast<int>(FastKernel::kPhaseGemm) == 6 &&
                  static_cast<int>(FastKernel::kFewOut) == 7 &&
                  static_cast<int>(FastKernel::kPointwiseChannelsLast) == 8 &&
                  static_cast<int>(FastKernel::kIm2colChannelsLast) == 9 &&
                  static_cast<int>(FastKernel::kTransposePointwiseChannelsLast) == 10,
              "kKernelRunners follows FastKernel's order");

}  // namespace

Status PackedConv::run(const ConvGeometry& g, const float* x, const float* bias, float* y,
                       Workspaces* threads) const {
  const float* raw = raw_weights_.data();
  // Padding so large that materialising it would not fit (huge pads cancelled by huge
  // strides or dilations leave small outputs): the reference computes straight from x.
  if (!padded_input_fits(g, kernel_)) {
    if (g.op == Op::kConv) {
      ref::conv(g, x, raw, bias, y);
    } else {
      ref::conv_transpose(g, x, raw, bias, y);
    }
    return Status();
  }
  const KernelArgs args{g, weights_.data(), raw, x, bias, y, threads};
  return kKernelRunners[static_cast<int>(kernel_)](args);
}

}  // namespace wasmconv::kernels
