// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Descriptions for failure messages (describe.h).
#include "support/describe.h"

namespace wasmconv::test {
namespace {

const char* auto_pad_name(AutoPad a) {
  switch (a) {
    case AutoPad::kExplicit: return "explicit";
    case AutoPad::kValid: return "valid";
    case AutoPad::kSameUpper: return "same_upper";
    case AutoPad::kSameLower: return "same_lower";
  }
  return "?";
}

std::string axes(const Dims& d, int nd) {
  std::string r = "(";
  for (int i = 0; i < nd; ++i) r += (i ? "," : "") + std::to_string(d[static_cast<size_t>(i)]);
  return r + ")";
}

}  // namespace

std::string backend_name(Backend b) {
  switch (b) {
    case Backend::kAuto: return "kAuto";
    case Backend::kReference: return "kReference";
    case Backend::kSimd: return "kSimd";
  }
  return "?";
}

std::string shape_string(const Shape& s) {
  std::string r;
  for (int i = 0; i < s.rank; ++i) r += (i ? "x" : "") + std::to_string(s[i]);
  return r.empty() ? "(rank 0)" : r;
}

std::string describe(const Setting& s) {
  const ConvParams& p = s.params;
  const int nd = p.spatial_dims;
  std::string r = std::string(op_name(p.op)) + std::to_string(nd) + "d x=" + shape_string(s.x) +
                  " w=" + shape_string(s.w) + " groups=" + std::to_string(p.groups) +
                  " stride=" + axes(p.stride, nd) + " dilation=" + axes(p.dilation, nd) +
                  " pad=" + axes(p.pad_begin, nd) + "/" + axes(p.pad_end, nd) +
                  " auto_pad=" + auto_pad_name(p.auto_pad) + " mode=" + padding_mode_name(p.padding_mode) +
                  " output_padding=" + axes(p.output_padding, nd) +
                  " output_shape=" + (p.has_output_shape ? axes(p.output_shape, nd) : std::string("none")) +
                  " bias=" + (s.bias ? "yes" : "no");
  if (p.weight_layout != WeightLayout::kOihw) {
    r += std::string(" weights=") + weight_layout_name(p.weight_layout);
  }
  return r;
}

std::string describe(const ConvGeometry& g) {
  std::string r = std::string(op_name(g.op)) + std::to_string(g.spatial_dims) + "d N=" +
                  std::to_string(g.batch) + " C_in=" + std::to_string(g.in_channels) +
                  " C_out=" + std::to_string(g.out_channels) + " groups=" + std::to_string(g.groups) +
                  " mode=" + padding_mode_name(g.padding_mode) + " bias=" + (g.has_bias ? "yes" : "no");
  if (g.weight_layout != WeightLayout::kOihw) {
    r += std::string(" weights=") + weight_layout_name(g.weight_layout);
  }
  for (int a = 3 - g.spatial_dims; a < 3; ++a) {
    r += std::string(" ") + axis_name(g.spatial_dims, a) + "[in " + std::to_string(g.input[a]) +
         " k " + std::to_string(g.kernel[a]) + " s " + std::to_string(g.stride[a]) + " d " +
         std::to_string(g.dilation[a]) + " pad " + std::to_string(g.pad_begin[a]) + "/" +
         std::to_string(g.pad_end[a]) + " out " + std::to_string(g.output[a]) + "]";
  }
  return r;
}

}  // namespace wasmconv::test
