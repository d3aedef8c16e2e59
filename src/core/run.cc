// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// run_conv: picks the implementation for a planned geometry.
#include "core/channels_last.h"
#include "core/weight_layout.h"
#include "kernels/epilogue.h"
#include "kernels/fast_path.h"
#include "kernels/simd_path.h"
#include "ref/conv_ref.h"
#include "wasmconv/conv.h"

namespace wasmconv {

Status run_conv(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                Backend backend, ThreadPool* pool) {
  return run_conv(g, x, w, bias, nullptr, y, backend, pool);
}

Status run_conv(const ConvGeometry& g, const float* x, const float* w, const float* bias,
                const float* residual, float* y, Backend backend, ThreadPool* pool) {
  // An empty batch has nothing to compute (and no weights to pack for it).
  if (g.batch == 0) return Status();
  // Channels-last data runs channels-first in scratch (core/channels_last.h): run_conv again
  // on its copies, with nothing else to do; except where a fast kernel reads it as given.
  if (g.channels_last() && !(backend == Backend::kAuto && kernels::reads_channels_last(g))) {
    ThreadPool* copies = kernels::pool_for(g, pool);
    FloatBuffer scratch;
    ChannelsFirstCall cf;
    WASMCONV_RETURN_IF_ERROR(enter_channels_first(g, x, residual, y, &scratch, copies, &cf));
    ConvGeometry first = g;
    first.data_layout = DataLayout::kChannelsFirst;
    WASMCONV_RETURN_IF_ERROR(run_conv(first, cf.x, w, bias, cf.residual, cf.y, backend, pool));
    leave_channels_first(g, cf, y, copies);
    return Status();
  }
  // Weights in TF's layout are permuted once per call into the canonical layout, which every
  // backend reads, the reference included: it defines the answer for the canonical weights,
  // and the permutation is tested on its own (tests/cpp/weight_layout_test.cc).
  FloatBuffer canonical;
  WASMCONV_RETURN_IF_ERROR(canonical_weights(g, w, &canonical, &w));
  const float* b = g.has_bias ? bias : nullptr;
  // The simple SIMD path copies the padded input; padding too large to copy (it can only
  // come with huge strides or dilations and a small output) is computed by the reference.
  const bool simd_fits = kernels::padded_input_fits(g, kernels::FastKernel::kRow);
  if (backend == Backend::kReference || (backend == Backend::kSimd && !simd_fits)) {
    if (g.op == Op::kConv) {
      ref::conv(g, x, w, b, y, g.activation, residual);
    } else {
      ref::conv_transpose(g, x, w, b, y, g.activation, residual);
    }
    return Status();
  }
  // The fast paths compute conv + bias; the epilogue follows in one sweep over the output
  // (kernels/epilogue.h, written so that the kernels can later apply it before each store).
  // The simple SIMD path runs on the caller's thread only.
  kernels::Workspaces threads;
  if (backend == Backend::kSimd) {
    WASMCONV_RETURN_IF_ERROR(g.op == Op::kConv ? kernels::conv_simd(g, x, w, b, y)
                                               : kernels::conv_transpose_simd(g, x, w, b, y));
  } else {
    kernels::PackedConv packed;
    WASMCONV_RETURN_IF_ERROR(packed.pack(g, w));
    threads.use_pool(kernels::pool_for(g, pool));
    WASMCONV_RETURN_IF_ERROR(packed.run(g, x, b, y, &threads));
  }
  kernels::apply_epilogue(y, g.output_size(), g.activation, residual, &threads);
  return Status();
}

bool simd_compiled() { return kernels::simd_compiled(); }
const char* simd_arch_name() { return kernels::simd_arch_name(); }

}  // namespace wasmconv
