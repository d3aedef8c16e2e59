// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Reference convolution and transposed convolution (formulas in conv_ref.h).
#include "ref/conv_ref.h"

#include "core/border.h"
#include "kernels/epilogue.h"

namespace wasmconv::ref {

namespace {
// A tap that lands in zero padding still multiplies its weight by 0, as "pad with zeros,
// then correlate" (PyTorch, ONNX) does: 0 * w is 0 for finite weights and NaN for Inf or NaN
// ones, so non-finite weights propagate exactly as in those frameworks.
inline double padding_product(const float* wc, int64_t taps_from, int64_t count) {
  double acc = 0.0;
  for (int64_t t = 0; t < count; ++t) acc += 0.0 * static_cast<double>(wc[taps_from + t]);
  return acc;
}

// The epilogue of output element i: bias is in acc already.
inline float finish(double acc, int64_t i, const Activation& activation, const float* residual) {
  float v = static_cast<float>(acc);
  if (residual != nullptr) v += residual[i];
  return kernels::activate(v, activation);
}
}  // namespace

void conv(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
          const Activation& activation, const float* residual) {
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t in_sp = g.input_spatial(), k_sp = g.kernel_spatial();
  for (int64_t n = 0; n < g.batch; ++n) {
    for (int64_t co = 0; co < g.out_channels; ++co) {
      const int64_t group = co / cog;
      const float* wc = w + co * cig * k_sp;
      for (int64_t od = 0; od < g.output[0]; ++od)
        for (int64_t oh = 0; oh < g.output[1]; ++oh)
          for (int64_t ow = 0; ow < g.output[2]; ++ow) {
            double acc = bias != nullptr ? bias[co] : 0.0;
            for (int64_t c = 0; c < cig; ++c) {
              const float* xc = x + (n * g.in_channels + group * cig + c) * in_sp;
              for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
                const int64_t id = border_index(od * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0],
                                                g.input[0], g.padding_mode);
                const int64_t plane_taps = g.kernel[1] * g.kernel[2];
                if (id < 0) {
                  acc += padding_product(wc, (c * g.kernel[0] + kd) * plane_taps, plane_taps);
                  continue;
                }
                for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                  const int64_t ih = border_index(oh * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1],
                                                  g.input[1], g.padding_mode);
                  if (ih < 0) {
                    acc += padding_product(wc, ((c * g.kernel[0] + kd) * g.kernel[1] + kh) * g.kernel[2], g.kernel[2]);
                    continue;
                  }
                  for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                    const int64_t iw = border_index(ow * g.stride[2] - g.pad_begin[2] + kw * g.dilation[2],
                                                    g.input[2], g.padding_mode);
                    const double wv = wc[((c * g.kernel[0] + kd) * g.kernel[1] + kh) * g.kernel[2] + kw];
                    const double xv = iw < 0 ? 0.0 : xc[(id * g.input[1] + ih) * g.input[2] + iw];
                    acc += xv * wv;
                  }
                }
              }
            }
            const int64_t i = ((n * g.out_channels + co) * g.output[0] + od) * g.output[1] * g.output[2] +
                              oh * g.output[2] + ow;
            y[i] = finish(acc, i, activation, residual);
          }
    }
  }
}

namespace {
// The input index i with i*s - pb + t*d == o, or -1 when there is none in [0, n).
inline int64_t source_index(int64_t o, int64_t t, int64_t s, int64_t d, int64_t pb, int64_t n) {
  const int64_t num = o + pb - t * d;
  if (num < 0 || num % s != 0) return -1;
  const int64_t i = num / s;
  return i < n ? i : -1;
}
}  // namespace

void conv_transpose(const ConvGeometry& g, const float* x, const float* w, const float* bias,
                    float* y, const Activation& activation, const float* residual) {
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t in_sp = g.input_spatial(), k_sp = g.kernel_spatial();
  for (int64_t n = 0; n < g.batch; ++n) {
    for (int64_t co = 0; co < g.out_channels; ++co) {
      const int64_t group = co / cog, co_in_group = co % cog;
      for (int64_t od = 0; od < g.output[0]; ++od)
        for (int64_t oh = 0; oh < g.output[1]; ++oh)
          for (int64_t ow = 0; ow < g.output[2]; ++ow) {
            double acc = bias != nullptr ? bias[co] : 0.0;
            for (int64_t c = 0; c < cig; ++c) {
              const int64_t ci = group * cig + c;
              const float* xc = x + (n * g.in_channels + ci) * in_sp;
              const float* wc = w + (ci * cog + co_in_group) * k_sp;
              for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
                const int64_t id = source_index(od, kd, g.stride[0], g.dilation[0], g.pad_begin[0], g.input[0]);
                if (id < 0) continue;
                for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                  const int64_t ih = source_index(oh, kh, g.stride[1], g.dilation[1], g.pad_begin[1], g.input[1]);
                  if (ih < 0) continue;
                  for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                    const int64_t iw = source_index(ow, kw, g.stride[2], g.dilation[2], g.pad_begin[2], g.input[2]);
                    if (iw < 0) continue;
                    const double xv = xc[(id * g.input[1] + ih) * g.input[2] + iw];
                    const double wv = wc[(kd * g.kernel[1] + kh) * g.kernel[2] + kw];
                    acc += xv * wv;
                  }
                }
              }
            }
            const int64_t i = ((n * g.out_channels + co) * g.output[0] + od) * g.output[1] * g.output[2] +
                              oh * g.output[2] + ow;
            y[i] = finish(acc, i, activation, residual);
          }
    }
  }
}

}  // namespace wasmconv::ref
