// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// plan_conv's validation: every invalid class is rejected with a message that names the
// parameter, its value and the rule; valid requests resolve padding as ONNX and PyTorch do.
#include <doctest/doctest.h>

#include <string>

#include "wasmconv/geometry.h"

using namespace wasmconv;

namespace {

// Plans and returns the error message ("" when the request is valid).
std::string error_of(const ConvParams& p, const Shape& x, const Shape& w, int64_t bias = -1) {
  ConvGeometry g;
  const Status s = plan_conv(p, x, w, bias, &g);
  return s.ok() ? std::string() : s.message();
}

ConvParams conv2d() { return ConvParams(); }
ConvParams transposed2d() {
  ConvParams p;
  p.op = Op::kConvTranspose;
  return p;
}

void check_contains(const std::string& message, std::initializer_list<const char*> words) {
  CAPTURE(message);
  CHECK_FALSE(message.empty());
  for (const char* w : words) CHECK(message.find(w) != std::string::npos);
}

}  // namespace

TEST_CASE("shapes: rank, sizes and channels") {
  check_contains(error_of(conv2d(), {1, 1, 5}, {1, 1, 3, 3}), {"input", "rank 4", "got rank 3"});
  check_contains(error_of(conv2d(), {1, 1, 5, 5}, {1, 1, 3}), {"weight", "rank 4"});
  check_contains(error_of(conv2d(), {1, 0, 5, 5}, {1, 1, 3, 3}), {"input shape[1]", "got 0"});
  check_contains(error_of(conv2d(), {1, 1, 5, -2}, {1, 1, 3, 3}), {"input shape[3]", "got -2"});
  check_contains(error_of(conv2d(), {1, 4, 5, 5}, {2, 3, 3, 3}), {"weight shape[1] is 3", "input channels 4"});
  ConvParams g3 = conv2d();
  g3.groups = 3;
  check_contains(error_of(g3, {1, 4, 5, 5}, {3, 1, 3, 3}), {"groups 3", "input channels 4"});
  ConvParams g2 = conv2d();
  g2.groups = 2;
  check_contains(error_of(g2, {1, 4, 5, 5}, {3, 2, 3, 3}), {"groups 2", "output channels 3"});
  check_contains(error_of(transposed2d(), {1, 4, 5, 5}, {3, 2, 3, 3}), {"weight shape[0] is 3", "4 channels"});
  check_contains(error_of(conv2d(), {1, 1, 5, 5}, {2, 1, 3, 3}, 3), {"bias has 3 values", "2 output channels"});
  ConvParams g0 = conv2d();
  g0.groups = 0;
  check_contains(error_of(g0, {1, 1, 5, 5}, {1, 1, 3, 3}), {"groups", "got 0"});
  ConvParams nd = conv2d();
  nd.spatial_dims = 4;
  check_contains(error_of(nd, {1, 1, 5, 5}, {1, 1, 3, 3}), {"spatial dimensions", "got 4"});
  nd.spatial_dims = 0;
  check_contains(error_of(nd, {1, 1}, {1, 1}), {"spatial dimensions", "got 0"});
}

TEST_CASE("stride, dilation and padding ranges") {
  ConvParams p = conv2d();
  p.stride = {0, 1, 1};
  check_contains(error_of(p, {1, 1, 5, 5}, {1, 1, 3, 3}), {"stride", "axis H", "got 0"});
  p = conv2d();
  p.stride = {1, -2, 1};
  check_contains(error_of(p, {1, 1, 5, 5}, {1, 1, 3, 3}), {"stride", "axis W", "got -2"});
  p = conv2d();
  p.dilation = {0, 1, 1};
  check_contains(error_of(p, {1, 1, 5, 5}, {1, 1, 3, 3}), {"dilation", "axis H", "got 0"});
  p = conv2d();
  p.pad_begin = {-1, 0, 0};
  check_contains(error_of(p, {1, 1, 5, 5}, {1, 1, 3, 3}), {"padding (begin)", "axis H", "got -1"});
  // 7x7 input, 3x3 kernel, dilation 4: the dilated kernel spans 9.
  p = conv2d();
  p.dilation = {4, 4, 1};
  CHECK(error_of(p, {1, 1, 7, 7}, {1, 1, 3, 3}) == "dilated kernel 9 is larger than padded input 7 on axis H");
  p = conv2d();
  CHECK(error_of(p, {1, 1, 5, 2}, {1, 1, 3, 3}) == "kernel 3 is larger than padded input 2 on axis W");
  ConvParams one_d;
  one_d.spatial_dims = 1;
  one_d.stride = {0, 1, 1};
  check_contains(error_of(one_d, {1, 1, 5}, {1, 1, 3}), {"stride", "axis L"});
  ConvParams three_d;
  three_d.spatial_dims = 3;
  three_d.dilation = {1, 1, 9};
  check_contains(error_of(three_d, {1, 1, 4, 4, 4}, {1, 1, 1, 1, 2}), {"dilated kernel 10", "axis W"});
}

TEST_CASE("padding modes") {
  ConvParams p = conv2d();
  p.padding_mode = PaddingMode::kReflect;
  p.pad_begin = p.pad_end = {3, 1, 0};
  check_contains(error_of(p, {1, 1, 3, 5}, {1, 1, 3, 3}), {"reflect padding 3", "axis H", "less than the input size 3"});
  p.pad_begin = p.pad_end = {2, 2, 0};
  CHECK(error_of(p, {1, 1, 3, 5}, {1, 1, 3, 3}).empty());
  p.padding_mode = PaddingMode::kCircular;
  p.pad_begin = p.pad_end = {4, 0, 0};
  check_contains(error_of(p, {1, 1, 3, 5}, {1, 1, 3, 3}), {"circular padding 4", "must not exceed"});
  p.pad_begin = p.pad_end = {3, 0, 0};
  CHECK(error_of(p, {1, 1, 3, 5}, {1, 1, 3, 3}).empty());
  p.padding_mode = PaddingMode::kReplicate;
  p.pad_begin = p.pad_end = {9, 9, 0};
  CHECK(error_of(p, {1, 1, 3, 5}, {1, 1, 3, 3}).empty());
  ConvParams t = transposed2d();
  t.padding_mode = PaddingMode::kReflect;
  check_contains(error_of(t, {1, 1, 3, 3}, {1, 1, 3, 3}), {"padding mode 'reflect'", "transposed"});
}

TEST_CASE("output_padding and output_shape") {
  ConvParams p = transposed2d();
  p.stride = {2, 2, 1};
  p.output_padding = {2, 0, 0};
  check_contains(error_of(p, {1, 1, 3, 3}, {1, 1, 3, 3}), {"output padding 2", "axis H", "from 0 to 1"});
  p.output_padding = {1, 1, 0};
  CHECK(error_of(p, {1, 1, 3, 3}, {1, 1, 3, 3}).empty());
  ConvParams c = conv2d();
  c.output_padding = {1, 0, 0};
  check_contains(error_of(c, {1, 1, 5, 5}, {1, 1, 3, 3}), {"output padding", "only to transposed"});
  ConvParams os = transposed2d();
  os.stride = {3, 2, 1};
  os.has_output_shape = true;
  os.output_shape = {10, 8, 0};
  // ONNX test_convtranspose_output_shape: 3x3 input, k3, strides 3,2 -> 10x8.
  ConvGeometry g;
  REQUIRE(plan_conv(os, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(g.output[1] == 10);
  CHECK(g.output[2] == 8);
  CHECK(g.pad_begin[1] == 0);
  CHECK(g.pad_end[1] == -1);  // total -1: the output grows by one at the end
  os.output_shape = {12, 8, 0};
  check_contains(error_of(os, {1, 1, 3, 3}, {1, 2, 3, 3}), {"output shape 12", "axis H", "unreachable", "largest is 11"});
  os.output_shape = {0, 8, 0};
  check_contains(error_of(os, {1, 1, 3, 3}, {1, 2, 3, 3}), {"output shape", "got 0"});
  os.output_shape = {10, 8, 0};
  os.pad_begin = {1, 0, 0};
  check_contains(error_of(os, {1, 1, 3, 3}, {1, 2, 3, 3}), {"padding and output shape"});
  c.output_padding = {0, 0, 0};
  c.has_output_shape = true;
  check_contains(error_of(c, {1, 1, 5, 5}, {1, 1, 3, 3}), {"output shape", "only to transposed"});
  // Padding larger than the full output.
  ConvParams big = transposed2d();
  big.pad_begin = big.pad_end = {3, 0, 0};
  check_contains(error_of(big, {1, 1, 2, 2}, {1, 1, 3, 3}), {"output size -2", "not positive"});
}

TEST_CASE("huge sizes are rejected before any allocation") {
  ConvParams p = conv2d();
  check_contains(error_of(p, {1, 1, int64_t{1} << 31, 1}, {1, 1, 1, 1}), {"input shape[2]", "2147483647"});
  ConvGeometry g;
  const Status s = plan_conv(p, {1024, 1024, 1024, 1024}, {1, 1024, 1, 1}, -1, &g);
  CHECK(s.code() == StatusCode::kOutOfMemory);
  check_contains(s.message(), {"input", "MiB"});
  // Output overflow through a transposed stride.
  ConvParams t = transposed2d();
  t.stride = {int64_t{1} << 30, int64_t{1} << 30, 1};
  const Status st = plan_conv(t, {1, 1, 1000, 1000}, {1, 1, 3, 3}, -1, &g);
  CHECK_FALSE(st.ok());
}

TEST_CASE("valid settings resolve as ONNX does") {
  ConvGeometry g;
  // test_conv_with_autopad_same: 5x5, k3, strides 2, SAME_LOWER -> 3x3, pads 1/1.
  ConvParams p = conv2d();
  p.stride = {2, 2, 1};
  p.auto_pad = AutoPad::kSameLower;
  REQUIRE(plan_conv(p, {1, 1, 5, 5}, {1, 1, 3, 3}, -1, &g).ok());
  CHECK(g.output[1] == 3);
  CHECK(g.pad_begin[1] == 1);
  CHECK(g.pad_end[1] == 1);
  // test_convtranspose_autopad_same: 3x3, k3, strides 2, SAME_UPPER -> 6x6.
  ConvParams t = transposed2d();
  t.stride = {2, 2, 1};
  t.auto_pad = AutoPad::kSameUpper;
  REQUIRE(plan_conv(t, {1, 1, 3, 3}, {1, 2, 3, 3}, -1, &g).ok());
  CHECK(g.output[1] == 6);
  CHECK(g.output[2] == 6);
  // 'valid' ignores explicit pads.
  p = conv2d();
  p.auto_pad = AutoPad::kValid;
  p.pad_begin = {5, 5, 0};
  REQUIRE(plan_conv(p, {1, 1, 5, 5}, {1, 1, 3, 3}, -1, &g).ok());
  CHECK(g.output[1] == 3);
  // Geometry shapes in the caller's rank; 1-D uses the W slot.
  ConvParams one;
  one.spatial_dims = 1;
  REQUIRE(plan_conv(one, {2, 3, 10}, {4, 3, 3}, 4, &g).ok());
  CHECK(g.output_shape().rank == 3);
  CHECK(g.output_shape()[2] == 8);
  CHECK(g.weight_shape()[0] == 4);
  CHECK(g.input[0] == 1);
  CHECK(g.input[1] == 1);
}
