// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_matrix: the convolution as a dense matrix. Row r is output element r (flattened
// [C_out, spatial], or [spatial, C_out] for channels-last data); column c is input element c
// (flattened [C_in, spatial], or [spatial, C_in]). Entry (r, c)
// sums every weight tap that connects input c to output r, so for a convolution with
// zero padding each row is the kernel laid into a zero input grid, and the transposed
// convolution's matrix is the transpose of the matching convolution's.
#include <cstring>
#include <string>

#include "core/border.h"
#include "core/number_text.h"
#include "core/weight_layout.h"
#include "wasmconv/conv.h"

namespace wasmconv {

Status conv_matrix(const ConvGeometry& g, const float* w, float* matrix) {
  if (g.batch != 1) {
    return Status::invalid("the convolution matrix needs batch 1, got " + integer_text(g.batch));
  }
  const int64_t rows = g.output_size(), cols = g.input_size();
  if (rows > kMaxMatrixEntries / cols) {
    return Status::invalid("the convolution matrix would be " + integer_text(rows) + " x " +
                           integer_text(cols) + ", more than " + integer_text(kMaxMatrixEntries) +
                           " entries");
  }
  FloatBuffer canonical;
  WASMCONV_RETURN_IF_ERROR(canonical_weights(g, w, &canonical, &w));
  std::memset(matrix, 0, static_cast<size_t>(rows * cols) * sizeof(float));
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t in_sp = g.input_spatial(), out_sp = g.output_spatial();
  const bool transposed = g.op == Op::kConvTranspose;
  const bool last = g.channels_last();
  // Iterate over (output channel, input channel within group, tap). For conv, walk the
  // outputs and find the input each tap reads; for the transposed op, walk the inputs and
  // find the output each tap writes. Either way one (row, column) += weight per tap.
  for (int64_t co = 0; co < g.out_channels; ++co) {
    const int64_t group = co / cog;
    for (int64_t c = 0; c < cig; ++c) {
      const int64_t ci = group * cig + c;
      const float* wt = transposed ? w + (ci * cog + co % cog) * g.kernel_spatial()
                                   : w + (co * cig + c) * g.kernel_spatial();
      const Dims& walk = transposed ? g.input : g.output;
      for (int64_t a = 0; a < walk[0]; ++a)
        for (int64_t b = 0; b < walk[1]; ++b)
          for (int64_t e = 0; e < walk[2]; ++e)
            for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
              for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
                for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                  const int64_t pos[3] = {a, b, e};
                  const int64_t tap[3] = {kd, kh, kw};
                  int64_t other[3];
                  bool valid = true;
                  for (int ax = 0; ax < 3 && valid; ++ax) {
                    const int64_t v =
                        pos[ax] * g.stride[ax] - g.pad_begin[ax] + tap[ax] * g.dilation[ax];
                    if (transposed) {
                      other[ax] = v;
                      valid = v >= 0 && v < g.output[ax];
                    } else {
                      other[ax] = border_index(v, g.input[ax], g.padding_mode);
                      valid = other[ax] >= 0;
                    }
                  }
                  if (!valid) continue;
                  const int64_t walk_flat = (a * walk[1] + b) * walk[2] + e;
                  const Dims& odims = transposed ? g.output : g.input;
                  const int64_t other_flat = (other[0] * odims[1] + other[1]) * odims[2] + other[2];
                  const int64_t out_flat = transposed ? other_flat : walk_flat;
                  const int64_t in_flat = transposed ? walk_flat : other_flat;
                  const int64_t row =
                      last ? out_flat * g.out_channels + co : co * out_sp + out_flat;
                  const int64_t col = last ? in_flat * g.in_channels + ci : ci * in_sp + in_flat;
                  matrix[row * cols + col] += wt[(kd * g.kernel[1] + kh) * g.kernel[2] + kw];
                }
    }
  }
  return Status();
}

}  // namespace wasmconv
