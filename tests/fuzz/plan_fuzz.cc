// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// libFuzzer target: parameter validation and shape arithmetic with arbitrary integers.
// Property: plan_conv either rejects the request with a message, or returns a geometry
// whose every size is positive (only the batch may be 0, and then the tensors are empty),
// within the tensor limit, and consistent with the per-axis formulas of arithmetic.h. ASan/UBSan catch overflow and out-of-bounds on the way.
#include <cstdlib>

#include "fuzz_input.h"
#include "wasmconv/arithmetic.h"
#include "wasmconv/geometry.h"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wasmconv;
  FuzzedDataProvider fdp(data, size);
  const fuzz::Request r = fuzz::decode(fdp, /*small=*/false);
  ConvGeometry g;
  const Status status = plan_conv(r.params, r.x, r.w, r.bias_length, &g);
  if (!status.ok()) {
    require(!status.message().empty());
    return 0;
  }
  constexpr int64_t kLimit = kMaxTensorBytes / 4;
  // A batch of 0 is valid (PyTorch and TF.js accept it): its input and output hold no values.
  // Every other size is checked exactly as for a batch of 1.
  require(g.batch >= 0);
  const int64_t least = g.batch == 0 ? 0 : 1;
  require(g.input_size() >= least && g.input_size() <= kLimit);
  require(g.output_size() >= least && g.output_size() <= kLimit);
  require(g.batch != 0 || (g.input_size() == 0 && g.output_size() == 0));
  require(g.weight_size() >= 1 && g.weight_size() <= kLimit);
  require(g.in_channels % g.groups == 0 && g.out_channels % g.groups == 0);
  for (size_t a = 0; a < kMaxSpatialDims; ++a) {
    require(g.output[a] >= 1);
    if (g.op == Op::kConv) {
      require(g.pad_begin[a] >= 0 && g.pad_end[a] >= 0);
      require(g.output[a] == conv_output_size(g.input[a], g.kernel[a], g.stride[a], g.dilation[a],
                                              g.pad_begin[a], g.pad_end[a]));
    } else {
      require(g.output[a] == conv_transpose_output_size(g.input[a], g.kernel[a], g.stride[a],
                                                        g.dilation[a], g.pad_begin[a],
                                                        g.pad_end[a], 0));
    }
  }
  return 0;
}
