// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// plan_conv's validation: every invalid class is rejected with a message that names the
// parameter, its value and the rule; sizes too large for memory are kOutOfMemory; valid
// requests resolve padding as ONNX and PyTorch do.
#include <doctest/doctest.h>

#include <string>

#include "support/axis.h"
#include "support/test_support.h"
#include "wasmconv/geometry.h"

using namespace wasmconv;
using test::axis;
using test::Axis;

namespace {

constexpr int64_t kMax = (int64_t{1} << 31) - 1;  // the largest size plan_conv accepts

// Plans and returns the status.
Status plan(const ConvParams& p, const Shape& x, const Shape& w, int64_t bias = -1,
            ConvGeometry* out = nullptr) {
  ConvGeometry g;
  const Status s = plan_conv(p, x, w, bias, out != nullptr ? out : &g);
  return s;
}

// The error message, "" when the request is valid.
std::string error_of(const ConvParams& p, const Shape& x, const Shape& w, int64_t bias = -1) {
  const Status s = plan(p, x, w, bias);
  return s.ok() ? std::string() : s.message();
}

ConvParams conv(int nd = 2) {
  ConvParams p;
  p.spatial_dims = nd;
  return p;
}
ConvParams transposed(int nd = 2) {
  ConvParams p = conv(nd);
  p.op = Op::kConvTranspose;
  return p;
}

// The request is rejected as invalid, and the message contains every word.
void check_invalid(const ConvParams& p, const Shape& x, const Shape& w, std::initializer_list<const char*> words,
                   int64_t bias = -1) {
  const Status s = plan(p, x, w, bias);
  CAPTURE(s.message());
  CHECK(s.code() == StatusCode::kInvalidArgument);
  for (const char* word : words) {
    INFO("expected word: ", std::string(word));
    CHECK(s.message().find(word) != std::string::npos);
  }
}

// The request is rejected because it is too large.
void check_too_large(const ConvParams& p, const Shape& x, const Shape& w, std::initializer_list<const char*> words) {
  const Status s = plan(p, x, w);
  CAPTURE(s.message());
  CHECK(s.code() == StatusCode::kOutOfMemory);
  for (const char* word : words) {
    INFO("expected word: ", std::string(word));
    CHECK(s.message().find(word) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("rank and spatial dimensions") {
  check_invalid(conv(), {1, 1, 5}, {1, 1, 3, 3}, {"input", "rank 4", "(N, C, H, W)", "got rank 3"});
  check_invalid(conv(), {1, 1, 5, 5}, {1, 1, 3}, {"weight", "rank 4", "got rank 3"});
  check_invalid(conv(1), {1, 1, 5, 5}, {1, 1, 3}, {"input", "rank 3", "(N, C, L)", "got rank 4"});
  check_invalid(conv(3), {1, 1, 5, 5}, {1, 1, 3, 3, 3}, {"input", "rank 5", "(N, C, D, H, W)"});
  check_invalid(transposed(3), {1, 1, 5, 5, 5}, {1, 1, 3, 3}, {"weight", "rank 5", "got rank 4"});
  check_invalid(conv(), Shape{}, {1, 1, 3, 3}, {"input", "got rank 0"});
  check_invalid(conv(4), {1, 1, 5, 5, 5, 5}, {1, 1, 3, 3, 3, 3}, {"spatial dimensions", "1, 2 or 3", "got 4"});
  check_invalid(conv(0), {1, 1}, {1, 1}, {"spatial dimensions", "got 0"});
  check_invalid(conv(-1), {1, 1}, {1, 1}, {"spatial dimensions", "got -1"});
}

TEST_CASE("zero, negative and too large sizes") {
  check_invalid(conv(), {1, 0, 5, 5}, {1, 1, 3, 3}, {"input shape[1]", "from 1 to 2147483647", "got 0"});
  check_invalid(conv(), {-1, 1, 5, 5}, {1, 1, 3, 3},
                {"input shape[0]", "from 0 to 2147483647", "got -1"});
  check_invalid(conv(), {1, 1, 5, -2}, {1, 1, 3, 3}, {"input shape[3]", "got -2"});
  check_invalid(conv(), {1, 1, 5, 5}, {0, 1, 3, 3}, {"weight shape[0]", "got 0"});
  check_invalid(conv(), {1, 1, 5, 5}, {1, 1, 3, 0}, {"weight shape[3]", "got 0"});
  check_invalid(transposed(1), {1, 1, 5}, {1, 1, -3}, {"weight shape[2]", "got -3"});
  check_invalid(conv(), {1, 1, int64_t{1} << 31, 1}, {1, 1, 1, 1}, {"input shape[2]", "2147483647", "got 2147483648"});
  check_invalid(conv(), {1, 1, 4, 4}, {1, 1, int64_t{1} << 31, 1}, {"weight shape[2]", "got 2147483648"});
}

TEST_CASE("channels and groups") {
  // Conv weights are [C_out, C_in/groups, k...].
  check_invalid(conv(), {1, 4, 5, 5}, {2, 3, 3, 3}, {"weight shape[1] is 3", "input channels 4", "groups 1"});
  ConvParams g3 = conv();
  g3.groups = 3;
  check_invalid(g3, {1, 4, 5, 5}, {3, 1, 3, 3}, {"groups 3", "does not divide", "input channels 4"});
  ConvParams g2 = conv();
  g2.groups = 2;
  check_invalid(g2, {1, 4, 5, 5}, {3, 2, 3, 3}, {"groups 2", "does not divide", "output channels 3"});
  check_invalid(g2, {1, 4, 5, 5}, {4, 4, 3, 3}, {"weight shape[1] is 4", "input channels 4 / groups 2 = 2"});
  CHECK(error_of(g2, {1, 4, 5, 5}, {6, 2, 3, 3}).empty());
  // Transposed weights are [C_in, C_out/groups, k...]: output channels = shape[1] * groups.
  check_invalid(transposed(), {1, 4, 5, 5}, {3, 2, 3, 3}, {"weight shape[0] is 3", "4 channels"});
  ConvParams t3 = transposed();
  t3.groups = 3;
  check_invalid(t3, {1, 4, 5, 5}, {4, 1, 3, 3}, {"groups 3", "does not divide", "input channels 4"});
  ConvParams t2 = transposed();
  t2.groups = 2;
  ConvGeometry g;
  REQUIRE(plan(t2, {1, 4, 5, 5}, {4, 3, 3, 3}, 6, &g).ok());
  CHECK(g.out_channels == 6);
  CHECK(g.out_channels_per_group() == 3);
  CHECK(g.in_channels_per_group() == 2);
  // Groups must be positive.
  ConvParams g0 = conv();
  g0.groups = 0;
  check_invalid(g0, {1, 1, 5, 5}, {1, 1, 3, 3}, {"groups", "positive", "got 0"});
  g0.groups = -2;
  check_invalid(g0, {1, 2, 5, 5}, {1, 1, 3, 3}, {"groups", "got -2"});
  // Transposed: C_out/groups x groups beyond the size limit.
  ConvParams tbig = transposed();
  tbig.groups = 1 << 20;
  check_invalid(tbig, {1, 1 << 20, 1, 1}, {1 << 20, 1 << 12, 1, 1}, {"output channels 4096", "groups 1048576", "exceed"});
}

TEST_CASE("bias length") {
  check_invalid(conv(), {1, 1, 5, 5}, {2, 1, 3, 3}, {"bias has 3 values", "2 output channels"}, 3);
  check_invalid(conv(), {1, 1, 5, 5}, {2, 1, 3, 3}, {"bias has 0 values"}, 0);
  CHECK(error_of(conv(), {1, 1, 5, 5}, {2, 1, 3, 3}, 2).empty());
  // Transposed with groups: C_out = weight shape[1] * groups.
  ConvParams t = transposed();
  t.groups = 2;
  check_invalid(t, {1, 2, 3, 3}, {2, 3, 3, 3}, {"bias has 3 values", "6 output channels"}, 3);
  CHECK(error_of(t, {1, 2, 3, 3}, {2, 3, 3, 3}, 6).empty());
  ConvGeometry g;
  REQUIRE(plan(conv(), {1, 1, 5, 5}, {2, 1, 3, 3}, -1, &g).ok());
  CHECK_FALSE(g.has_bias);
  REQUIRE(plan(conv(), {1, 1, 5, 5}, {2, 1, 3, 3}, 2, &g).ok());
  CHECK(g.has_bias);
}

TEST_CASE("stride, dilation and padding ranges name the axis") {
  ConvParams p = conv();
  p.stride = {0, 1, 1};
  check_invalid(p, {1, 1, 5, 5}, {1, 1, 3, 3}, {"stride", "axis H", "from 1 to", "got 0"});
  p = conv();
  p.stride = {1, -2, 1};
  check_invalid(p, {1, 1, 5, 5}, {1, 1, 3, 3}, {"stride", "axis W", "got -2"});
  p = conv();
  p.stride = {kMax + 1, 1, 1};
  check_invalid(p, {1, 1, 5, 5}, {1, 1, 3, 3}, {"stride", "axis H", "got 2147483648"});
  p = conv();
  p.dilation = {0, 1, 1};
  check_invalid(p, {1, 1, 5, 5}, {1, 1, 3, 3}, {"dilation", "axis H", "got 0"});
  p = conv();
  p.dilation = {1, -1, 1};
  check_invalid(p, {1, 1, 5, 5}, {1, 1, 3, 3}, {"dilation", "axis W", "got -1"});
  p = conv();
  p.pad_begin = {-1, 0, 0};
  CHECK(error_of(p, {1, 1, 5, 5}, {1, 1, 3, 3}) ==
        "padding.begin on axis H must be an integer from 0 to 2147483647, got -1");
  p = conv();
  p.pad_end = {0, -3, 0};
  check_invalid(p, {1, 1, 5, 5}, {1, 1, 3, 3}, {"padding.end on axis W", "got -3"});
  p = transposed();
  p.pad_end = {-1, 0, 0};
  check_invalid(p, {1, 1, 5, 5}, {1, 1, 3, 3}, {"padding.end on axis H", "got -1"});
  // Equal ends are one padding (PyTorch's number form): no begin or end to name.
  p = conv();
  p.pad_begin = p.pad_end = {0, -1, 0};
  CHECK(error_of(p, {1, 1, 5, 5}, {1, 1, 3, 3}) ==
        "padding on axis W must be an integer from 0 to 2147483647, got -1");
  // 1-D calls its axis L; 3-D has D, H, W.
  ConvParams one = conv(1);
  one.stride = {0, 1, 1};
  check_invalid(one, {1, 1, 5}, {1, 1, 3}, {"stride", "axis L", "got 0"});
  one = conv(1);
  one.dilation = {3, 1, 1};
  CHECK(error_of(one, {1, 1, 5}, {1, 1, 3}) == "dilated kernel 7 is larger than padded input 5 on axis L");
  ConvParams three = conv(3);
  three.pad_begin = {-2, 0, 0};
  check_invalid(three, {1, 1, 4, 4, 4}, {1, 1, 1, 1, 1}, {"padding.begin on axis D", "got -2"});
}

TEST_CASE("kernel larger than the padded input: the exact message") {
  // 7x7 input, 3x3 kernel, dilation 4: the dilated kernel spans 9 > 7.
  ConvParams p = conv();
  p.dilation = {4, 4, 1};
  CHECK(error_of(p, {1, 1, 7, 7}, {1, 1, 3, 3}) == "dilated kernel 9 is larger than padded input 7 on axis H");
  // Padding 1 on each side makes it fit: 9 = 9, a single output.
  p.pad_begin = p.pad_end = {1, 1, 0};
  ConvGeometry g;
  REQUIRE(plan(p, {1, 1, 7, 7}, {1, 1, 3, 3}, -1, &g).ok());
  CHECK(g.output[1] == 1);
  CHECK(g.output[2] == 1);
  // Undilated kernels say "kernel".
  CHECK(error_of(conv(), {1, 1, 5, 2}, {1, 1, 3, 3}) == "kernel 3 is larger than padded input 2 on axis W");
  ConvParams three = conv(3);
  three.dilation = {1, 1, 9};
  CHECK(error_of(three, {1, 1, 4, 4, 4}, {1, 1, 1, 1, 2}) == "dilated kernel 10 is larger than padded input 4 on axis W");
}

TEST_CASE("padding modes: reflect < input, circular <= input, transposed only zeros") {
  ConvParams p = conv();
  p.padding_mode = PaddingMode::kReflect;
  p.pad_begin = p.pad_end = {3, 1, 0};
  check_invalid(p, {1, 1, 3, 5}, {1, 1, 3, 3}, {"reflect padding 3", "axis H", "less than the input size 3"});
  p.pad_begin = {0, 0, 0};
  p.pad_end = {0, 5, 0};
  check_invalid(p, {1, 1, 3, 5}, {1, 1, 3, 3}, {"reflect padding 5", "axis W", "input size 5"});
  p.pad_begin = p.pad_end = {2, 4, 0};
  CHECK(error_of(p, {1, 1, 3, 5}, {1, 1, 3, 3}).empty());
  // A 1-pixel axis cannot be reflect-padded at all.
  p.pad_begin = p.pad_end = {1, 0, 0};
  check_invalid(p, {1, 1, 1, 5}, {1, 1, 1, 3}, {"reflect padding 1", "input size 1"});
  p.padding_mode = PaddingMode::kCircular;
  p.pad_begin = p.pad_end = {4, 0, 0};
  check_invalid(p, {1, 1, 3, 5}, {1, 1, 3, 3}, {"circular padding 4", "axis H", "must not exceed", "input size 3"});
  p.pad_begin = p.pad_end = {3, 0, 0};
  CHECK(error_of(p, {1, 1, 3, 5}, {1, 1, 3, 3}).empty());
  p.padding_mode = PaddingMode::kReplicate;
  p.pad_begin = p.pad_end = {9, 9, 0};
  CHECK(error_of(p, {1, 1, 3, 5}, {1, 1, 3, 3}).empty());
  // The limits apply to the resolved padding: 'same' with a 5-tap kernel on a 2-long
  // axis pads 2 per side, too much for reflect. The caller never wrote that 2: the message
  // says it comes from 'same'.
  ConvParams same = conv(1);
  same.padding_mode = PaddingMode::kReflect;
  same.auto_pad = AutoPad::kSameUpper;
  CHECK(error_of(same, {1, 1, 2}, {1, 1, 5}) ==
        "padding 'same' needs 2 on axis L (derived from the kernel 5 and dilation 1), but reflect "
        "padding must be less than the input size 2: use paddingMode 'replicate' or 'zeros'");
  // 'same_lower', dilation and stride: 3 taps at dilation 3 span 7; output ceil(4 / 2) = 2,
  // total (2-1)*2 + 7 - 4 = 5, split 3 / 2 (the odd unit first).
  same.auto_pad = AutoPad::kSameLower;
  same.padding_mode = PaddingMode::kCircular;
  same.dilation = {3, 1, 1};
  same.stride = {2, 1, 1};
  CHECK(
      error_of(same, {1, 1, 2}, {1, 1, 3}) ==
      "padding 'same_lower' needs 3 on axis L (derived from the kernel 3 and dilation 3 at stride "
      "2), but "
      "circular padding must not exceed the input size 2: use paddingMode 'replicate' or 'zeros'");
  CHECK(error_of(same, {1, 1, 4}, {1, 1, 3}).empty());
  for (PaddingMode m : {PaddingMode::kReflect, PaddingMode::kReplicate, PaddingMode::kCircular}) {
    ConvParams t = transposed();
    t.padding_mode = m;
    INFO("mode ", std::string(padding_mode_name(m)));
    CHECK(error_of(t, {1, 1, 3, 3}, {1, 1, 3, 3}) ==
          "transposed convolution supports only zero padding (paddingMode 'zeros'), got "
          "paddingMode '" +
              std::string(padding_mode_name(m)) + "'");
  }
}

TEST_CASE("output_padding: only transposed, below max(stride, dilation)") {
  ConvParams p = transposed();
  p.stride = {2, 2, 1};
  p.output_padding = {2, 0, 0};
  check_invalid(p, {1, 1, 3, 3}, {1, 1, 3, 3}, {"output padding 2", "axis H", "from 0 to 1", "stride 2", "dilation 1"});
  p.output_padding = {1, 1, 0};
  CHECK(error_of(p, {1, 1, 3, 3}, {1, 1, 3, 3}).empty());
  p.output_padding = {0, -1, 0};
  check_invalid(p, {1, 1, 3, 3}, {1, 1, 3, 3}, {"output padding -1", "axis W"});
  // Dilation also allows it (PyTorch): stride 1, dilation 3 -> 0..2.
  ConvParams d = transposed(1);
  d.dilation = {3, 1, 1};
  d.output_padding = {2, 0, 0};
  ConvGeometry g;
  REQUIRE(plan(d, {1, 1, 4}, {1, 1, 2}, -1, &g).ok());
  CHECK(g.output[2] == (4 - 1) + 3 * 1 + 1 + 2);
  d.output_padding = {3, 0, 0};
  check_invalid(d, {1, 1, 4}, {1, 1, 2}, {"output padding 3", "axis L", "from 0 to 2", "dilation 3"});
  // Stride 1 and dilation 1: none at all.
  ConvParams s1 = transposed();
  s1.output_padding = {1, 0, 0};
  check_invalid(s1, {1, 1, 3, 3}, {1, 1, 3, 3}, {"output padding 1", "from 0 to 0"});
  ConvParams c = conv();
  c.stride = {2, 2, 1};
  c.output_padding = {1, 0, 0};
  check_invalid(c, {1, 1, 5, 5}, {1, 1, 3, 3}, {"output padding", "only to transposed", "got 1", "axis H"});
}

TEST_CASE("output_shape: reachable sizes only, not with explicit padding, not for conv") {
  ConvParams os = transposed();
  os.stride = {3, 2, 1};
  os.has_output_shape = true;
  os.output_shape = {12, 8, 0};
  // Unpadded 3x3 -> 9x7; output_padding up to 2 (H) and 1 (W): at most 11x8.
  check_invalid(os, {1, 1, 3, 3}, {1, 2, 3, 3}, {"output shape 12", "axis H", "unreachable", "largest is 11"});
  os.output_shape = {10, 9, 0};
  check_invalid(os, {1, 1, 3, 3}, {1, 2, 3, 3}, {"output shape 9", "axis W", "largest is 8"});
  os.output_shape = {0, 8, 0};
  check_invalid(os, {1, 1, 3, 3}, {1, 2, 3, 3}, {"output shape", "axis H", "got 0"});
  os.output_shape = {10, -8, 0};
  check_invalid(os, {1, 1, 3, 3}, {1, 2, 3, 3}, {"output shape", "axis W", "got -8"});
  os.output_shape = {10, 8, 0};
  os.pad_begin = {1, 0, 0};
  check_invalid(os, {1, 1, 3, 3}, {1, 2, 3, 3}, {"padding and outputShape cannot both be given"});
  os.pad_begin = {0, 0, 0};
  os.pad_end = {0, 1, 0};
  check_invalid(os, {1, 1, 3, 3}, {1, 2, 3, 3}, {"padding and outputShape cannot both be given"});
  ConvParams c = conv();
  c.has_output_shape = true;
  c.output_shape = {3, 3, 0};
  check_invalid(c, {1, 1, 5, 5}, {1, 1, 3, 3}, {"output shape", "only to transposed"});
}

TEST_CASE("output_shape with a padding: the message computes PyTorch's output_padding") {
  // 3x3 input, k3, strides 3,2, padding 1: PyTorch's output_size 8x6 keeps the padding and
  // takes output_padding 8 - ((3-1)*3 - 2 + 3) = 1 and 6 - ((3-1)*2 - 2 + 3) = 1.
  ConvParams os = transposed();
  os.stride = {3, 2, 1};
  os.has_output_shape = true;
  os.output_shape = {8, 6, 0};
  os.pad_begin = os.pad_end = {1, 1, 0};
  const std::string head =
      "padding and outputShape cannot both be given: outputShape derives the padding (ONNX). To "
      "keep your "
      "padding and reach a given size, as PyTorch's output_size does, pass outputPadding = "
      "outputSize - "
      "((in-1)*stride - ";
  CHECK(error_of(os, {1, 1, 3, 3}, {1, 2, 3, 3}) ==
        head + "2*padding + dilation*(k-1) + 1) instead of outputShape: here [1, 1]");
  // That outputPadding gives the same size.
  ConvParams op = transposed();
  op.stride = os.stride;
  op.pad_begin = op.pad_end = os.pad_begin;
  op.output_padding = {1, 1, 0};
  ConvGeometry g;
  REQUIRE(plan(op, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(g.output[1] == 8);
  CHECK(g.output[2] == 6);
  // Asymmetric padding names both ends; a size no outputPadding reaches says so.
  os.pad_begin = {0, 1, 0};
  os.output_shape = {12, 6, 0};
  CHECK(
      error_of(os, {1, 1, 3, 3}, {1, 2, 3, 3}) ==
      head +
          "padding.begin - padding.end + dilation*(k-1) + 1) instead of outputShape: here that is "
          "[4, 1], but "
          "outputPadding must be from 0 to max(stride, dilation) - 1, so no outputPadding reaches "
          "outputShape [12, 6] with this padding");
  // Negative padding is named as such first.
  os.pad_begin = os.pad_end = {-1, 1, 0};
  CHECK(error_of(os, {1, 1, 3, 3}, {1, 2, 3, 3}) ==
        "padding on axis H must be an integer from 0 to 2147483647, got -1");
  // 'valid' asks for no padding, which outputShape would contradict.
  os.pad_begin = os.pad_end = {0, 0, 0};
  os.auto_pad = AutoPad::kValid;
  os.output_shape = {10, 8, 0};
  CHECK(error_of(os, {1, 1, 3, 3}, {1, 2, 3, 3}) ==
        "padding 'valid' and outputShape cannot both be given: outputShape derives the padding "
        "(ONNX), and "
        "'valid' asks for none. To reach a given size with no padding, pass outputPadding = "
        "outputSize - "
        "((in-1)*stride + dilation*(k-1) + 1) instead of outputShape: here [1, 1]");
  // Accepted: no padding, zeros (ONNX's default pads) and the two ways to split the total.
  for (AutoPad a : {AutoPad::kExplicit, AutoPad::kSameUpper, AutoPad::kSameLower}) {
    os.auto_pad = a;
    REQUIRE(plan(os, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
    CHECK(g.output[1] == 10);
    CHECK(g.output[2] == 8);
  }
}

TEST_CASE("an empty batch plans to an empty output after every other check") {
  ConvGeometry g;
  ConvParams p = conv();
  p.stride = {2, 2, 1};
  p.pad_begin = p.pad_end = {1, 1, 0};
  REQUIRE(plan(p, {0, 3, 8, 8}, {5, 3, 3, 3}, 5, &g).ok());
  CHECK(test::shape_string(g.output_shape()) == "0x5x4x4");
  CHECK(g.output_size() == 0);
  CHECK(g.input_size() == 0);
  CHECK(g.macs() == 0);
  ConvParams t = transposed(1);
  t.stride = {2, 1, 1};
  REQUIRE(plan(t, {0, 2, 5}, {2, 3, 4}, -1, &g).ok());
  CHECK(test::shape_string(g.output_shape()) == "0x3x12");
  // Everything but the batch is still checked.
  check_invalid(conv(), {0, 4, 5, 5}, {2, 3, 3, 3}, {"weight shape[1] is 3", "input channels 4"});
  check_invalid(conv(), {0, 3, 2, 5}, {2, 3, 3, 3},
                {"kernel 3 is larger than padded input 2 on axis H"});
  p.stride = {0, 1, 1};
  check_invalid(p, {0, 3, 8, 8}, {5, 3, 3, 3}, {"stride on axis H", "got 0"});
  check_invalid(conv(), {0, 3, 8, 8}, {5, 3, 3, 3}, {"bias has 4 values"}, 4);
  check_invalid(conv(), {0, 0, 8, 8}, {5, 3, 3, 3}, {"input shape[1]", "from 1", "got 0"});
}

TEST_CASE("transposed output that is not positive") {
  ConvParams t = transposed();
  t.pad_begin = t.pad_end = {3, 0, 0};
  // (2-1)*1 + 3 - 6 = -2. The padding is named as written: one number for equal ends.
  CHECK(error_of(t, {1, 1, 2, 2}, {1, 1, 3, 3}) ==
        "output size -2 on axis H is not positive: (input 2 - 1) * stride 1 + kernel 3 + output "
        "padding 0 - 2 * padding 3");
  // Pads 2/2 on W: (2-1) + 3 - 4 = 0; pads 2/1 leave 1.
  t.pad_begin = {0, 2, 0};
  t.pad_end = {0, 2, 0};
  check_invalid(t, {1, 1, 2, 2}, {1, 1, 3, 3}, {"output size 0", "axis W", "not positive"});
  t.pad_end = {0, 1, 0};
  ConvGeometry g;
  REQUIRE(plan(t, {1, 1, 2, 2}, {1, 1, 3, 3}, -1, &g).ok());
  CHECK(g.output[2] == 1);
  // Unequal ends name both; output_padding counts on its own, not as padding.end; a dilated
  // kernel says so. (3-1)*2 + 5 + 1 - 4 - 7 = -1.
  ConvParams u = transposed(1);
  u.stride = {2, 1, 1};
  u.dilation = {2, 1, 1};
  u.output_padding = {1, 0, 0};
  u.pad_begin = {4, 0, 0};
  u.pad_end = {7, 0, 0};
  CHECK(error_of(u, {1, 1, 3}, {1, 1, 3}) ==
        "output size -1 on axis L is not positive: (input 3 - 1) * stride 2 + dilated kernel 5 + "
        "output padding 1 - padding.begin 4 - padding.end 7");
}

TEST_CASE("huge sizes are rejected as kOutOfMemory or invalid, never overflow") {
  // Each dim fits, the product does not: 1024^4 floats = 4 TiB.
  check_too_large(conv(), {1024, 1024, 1024, 1024}, {1, 1024, 1, 1}, {"input", "1024x1024x1024x1024", "MiB"});
  // Every dim at the limit: the product overflows int64 if computed naively.
  check_too_large(conv(3), {kMax, 1, kMax, kMax, kMax}, {1, 1, 1, 1, 1}, {"input"});
  check_too_large(conv(), {1, 1, 4, 4}, {kMax, 1, 1, 1}, {"weight"});
  check_too_large(conv(), {1, 1, 64, 65}, {65536, 1, 64, 65}, {"weight", "65536x1x64x65"});
  // The output only: a small input padded to 2^31 per axis.
  ConvParams p = conv();
  p.pad_begin = p.pad_end = {kMax, kMax, 0};
  check_too_large(p, {1, 1, 1, 1}, {1, 1, 1, 1}, {"output"});
  // Transposed: a large stride blows the output up.
  ConvParams t = transposed();
  t.stride = {1 << 16, 1 << 16, 1};
  check_too_large(t, {1, 1, 1000, 1000}, {1, 1, 3, 3}, {"output"});
  // ... beyond 2^31 on one axis.
  t.stride = {int64_t{1} << 30, int64_t{1} << 30, 1};
  check_invalid(t, {1, 1, 1000, 1000}, {1, 1, 3, 3}, {"output size", "axis H", "exceeds 2147483647"});
  // Dilation at the limit with a large kernel: the dilated extent needs 62 bits.
  ConvParams d = transposed();
  d.dilation = {kMax, kMax, 1};
  check_invalid(d, {1, 1, 1, 1}, {1, 1, 3, 3}, {"output size", "exceeds"});
  // At exactly the limit the request is fine.
  ConvGeometry g;
  REQUIRE(plan(conv(1), {1, 1, int64_t{1} << 28}, {1, 1, 1}, -1, &g).ok());
  CHECK(g.output_size() == int64_t{1} << 28);
  check_too_large(conv(1), {1, 1, (int64_t{1} << 28) + 1}, {1, 1, 1}, {"input"});
}

TEST_CASE("valid settings resolve as ONNX and PyTorch do") {
  ConvGeometry g;
  // test_conv_with_autopad_same: 5x5, k3, strides 2, SAME_LOWER -> 3x3, pads 1/1.
  ConvParams p = conv();
  p.stride = {2, 2, 1};
  p.auto_pad = AutoPad::kSameLower;
  REQUIRE(plan(p, {1, 1, 5, 5}, {1, 1, 3, 3}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{3, 1, 1});
  // 'valid' ignores explicit pads, for conv and transposed.
  p = conv();
  p.auto_pad = AutoPad::kValid;
  p.pad_begin = {5, 5, 0};
  REQUIRE(plan(p, {1, 1, 5, 5}, {1, 1, 3, 3}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{3, 0, 0});
  ConvParams tv = transposed();
  tv.auto_pad = AutoPad::kValid;
  tv.stride = {2, 2, 1};
  tv.output_padding = {1, 0, 0};
  tv.pad_begin = {1, 1, 0};
  REQUIRE(plan(tv, {1, 1, 3, 3}, {1, 1, 3, 3}, -1, &g).ok());
  CHECK(g.output[1] == 8);  // (3-1)*2 + 3 + 1
  CHECK(g.output[2] == 7);
  // test_convtranspose_autopad_same: 3x3, k3, strides 2, SAME_UPPER -> 6x6; total
  // (3-1)*2 + 3 - 6 = 1 goes to the end (upper) or the beginning (lower).
  ConvParams t = transposed();
  t.stride = {2, 2, 1};
  t.auto_pad = AutoPad::kSameUpper;
  REQUIRE(plan(t, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{6, 0, 1});
  CHECK(g.output[2] == 6);
  t.auto_pad = AutoPad::kSameLower;
  REQUIRE(plan(t, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{6, 1, 0});
  // 'same' with output_padding: the output stays input * stride, the total grows by it.
  t.auto_pad = AutoPad::kSameUpper;
  t.output_padding = {1, 1, 0};
  REQUIRE(plan(t, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{6, 1, 0});  // stored pad_end = 1 - output_padding
}

TEST_CASE("output_shape resolves pads by ONNX's rule") {
  ConvGeometry g;
  // ONNX test_convtranspose_output_shape: 3x3 input, k3, strides 3,2, output_shape 10,8.
  // H: total = 3*2 + 3 - 10 = -1 -> begin 0, end -1 (the output grows by one at the end).
  // W: total = 2*2 + 3 - 8 = -1 -> the same.
  ConvParams os = transposed();
  os.stride = {3, 2, 1};
  os.has_output_shape = true;
  os.output_shape = {10, 8, 0};
  REQUIRE(plan(os, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{10, 0, -1});
  CHECK(axis(g, 2) == Axis{8, 0, -1});
  // test_convtranspose_kernel_shape: the same with output_padding 1,1: total 0.
  os.output_padding = {1, 1, 0};
  REQUIRE(plan(os, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{10, 0, -1});  // pad_end 0 - output_padding
  CHECK(g.output[2] == 8);
  // A smaller output crops: H total = 9 - 6 = 3. Without auto_pad (NOTSET) the odd unit
  // goes to the beginning: begin 2, end 1; with SAME_UPPER to the end: begin 1, end 2.
  os.output_padding = {0, 0, 0};
  os.output_shape = {6, 7, 0};
  REQUIRE(plan(os, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{6, 2, 1});
  CHECK(axis(g, 2) == Axis{7, 0, 0});
  os.auto_pad = AutoPad::kSameUpper;
  REQUIRE(plan(os, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(axis(g, 1) == Axis{6, 1, 2});
  // The smallest output, 1.
  os.output_shape = {1, 1, 0};
  REQUIRE(plan(os, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(g.output[1] == 1);
  CHECK(g.output[2] == 1);
  CHECK(g.pad_begin[1] + g.pad_end[1] == 8);
}

TEST_CASE("shapes of a planned geometry in the caller's rank") {
  ConvGeometry g;
  ConvParams one = conv(1);
  REQUIRE(plan(one, {2, 3, 10}, {4, 3, 3}, 4, &g).ok());
  CHECK(g.output_shape().rank == 3);
  CHECK(g.output_shape()[0] == 2);
  CHECK(g.output_shape()[1] == 4);
  CHECK(g.output_shape()[2] == 8);
  CHECK(g.weight_shape()[0] == 4);
  CHECK(g.weight_shape()[2] == 3);
  CHECK(g.input_shape()[2] == 10);
  // 1-D lives in the W slot; D and H are 1.
  CHECK(g.input[0] == 1);
  CHECK(g.input[1] == 1);
  CHECK(g.input[2] == 10);
  CHECK(std::string(axis_name(1, 2)) == "L");
  CHECK(std::string(axis_name(3, 0)) == "D");
  CHECK(std::string(axis_name(2, 1)) == "H");
  // Transposed weight shape keeps [C_in, C_out/groups, k...].
  ConvParams t = transposed(3);
  t.groups = 2;
  REQUIRE(plan(t, {1, 4, 2, 3, 4}, {4, 3, 1, 2, 3}, -1, &g).ok());
  const Shape ws = g.weight_shape();
  CHECK(test::shape_string(ws) == "4x3x1x2x3");
  CHECK(test::shape_string(g.output_shape()) == "1x6x2x4x6");
  CHECK(g.weight_size() == 4 * 3 * 6);
}

TEST_CASE("per-axis entries past spatial_dims are ignored; a failed plan leaves the output alone") {
  // 1-D uses entry 0 only: whatever the other entries hold.
  ConvParams p = conv(1);
  p.stride = {2, 0, -5};
  p.dilation = {1, 0, -1};
  p.pad_begin = {1, -7, 9};
  p.pad_end = {0, -7, 9};
  p.output_padding = {0, 3, 3};
  ConvGeometry g;
  REQUIRE(plan(p, {1, 1, 6}, {1, 1, 3}, -1, &g).ok());
  CHECK(g.output[2] == 3);  // (6 + 1 - 3) / 2 + 1
  CHECK(g.stride[0] == 1);
  CHECK(g.stride[1] == 1);
  CHECK(g.pad_begin[1] == 0);
  ConvParams t = transposed(2);
  t.has_output_shape = true;
  t.output_shape = {4, 4, -1};
  t.pad_begin = {0, 0, 5};
  REQUIRE(plan(t, {1, 1, 2, 2}, {1, 1, 3, 3}, -1, &g).ok());
  CHECK(g.output[1] == 4);
  CHECK(g.output[2] == 4);
  // On failure the geometry passed in is not modified.
  ConvGeometry untouched;
  untouched.batch = 77;
  untouched.output = {5, 6, 7};
  ConvParams bad = conv();
  bad.stride = {0, 1, 1};
  CHECK_FALSE(plan(bad, {1, 1, 5, 5}, {1, 1, 3, 3}, -1, &untouched).ok());
  CHECK(untouched.batch == 77);
  CHECK(untouched.output == Dims{5, 6, 7});
}
