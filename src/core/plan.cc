// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// plan_conv: the single place where convolution parameters are validated and resolved
// (padding from auto_pad / output_shape, output sizes, channel bookkeeping). All sizes are
// checked in 64-bit arithmetic before anything is allocated.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/number_text.h"
#include "wasmconv/arithmetic.h"
#include "wasmconv/geometry.h"

namespace wasmconv {
namespace {

// Sizes, strides, dilations, paddings and groups above this are rejected outright; it
// keeps every intermediate product below 2^63.
constexpr int64_t kMaxDim = (int64_t{1} << 31) - 1;

std::string str(int64_t v) { return integer_text(v); }

const char* rank_layout(int spatial_dims, DataLayout layout) {
  const bool last = layout == DataLayout::kChannelsLast;
  switch (spatial_dims) {
    case 1:
      return last ? "(N, L, C)" : "(N, C, L)";
    case 2:
      return last ? "(N, H, W, C)" : "(N, C, H, W)";
    default:
      return last ? "(N, D, H, W, C)" : "(N, C, D, H, W)";
  }
}

// The channels-first shape [N, C, spatial...] of a channels-last [N, spatial..., C] (rank >= 2).
Shape channels_first_shape(const Shape& x) {
  Shape s = x;
  s.dims[1] = x[x.rank - 1];
  for (int i = 2; i < x.rank; ++i) s.dims[static_cast<size_t>(i)] = x[i - 1];
  return s;
}

// Multiplies the dims of `s`, failing instead of overflowing past kMaxTensorBytes / 4. An
// empty batch (a 0 dim) is held to the limit as a batch of 1: its tensor has no values, but
// the per-sample sizes (channels x spatial) that the geometry and the kernels multiply must
// still fit, as they do for any batch.
bool checked_numel(const Shape& s, int64_t* numel) {
  constexpr int64_t kLimit = kMaxTensorBytes / 4;
  int64_t n = 1;
  bool empty = false;
  for (int i = 0; i < s.rank; ++i) {
    const int64_t d = s[i] == 0 ? 1 : s[i];
    empty = empty || s[i] == 0;
    if (n > kLimit / d) return false;
    n *= d;
  }
  *numel = empty ? 0 : n;
  return true;
}

// `min_first` is the smallest size of dim 0: 0 for an input, whose empty batch plans to an
// empty output (PyTorch and TF.js accept one) after every other check, 1 for a weight.
Status check_tensor(const char* what, const Shape& s, int spatial_dims, int64_t min_first,
                    DataLayout layout = DataLayout::kChannelsFirst) {
  if (s.rank != spatial_dims + 2) {
    return Status::invalid(std::string(what) + " must have rank " + str(spatial_dims + 2) + " " +
                           rank_layout(spatial_dims, layout) + ", got rank " + str(s.rank));
  }
  for (int i = 0; i < s.rank; ++i) {
    const int64_t lo = i == 0 ? min_first : 1;
    if (s[i] < lo || s[i] > kMaxDim) {
      return Status::invalid(std::string(what) + " shape[" + str(i) + "] must be an integer from " +
                             str(lo) + " to " + str(kMaxDim) + ", got " + str(s[i]));
    }
  }
  return Status();
}

Status check_range(const char* what, int64_t value, int64_t lo, const char* axis) {
  if (value < lo || value > kMaxDim) {
    return Status::invalid(std::string(what) + " on axis " + axis + " must be an integer from " +
                           str(lo) + " to " + str(kMaxDim) + ", got " + str(value));
  }
  return Status();
}

Status check_size_limit(const char* what, const Shape& s) {
  int64_t n = 0;
  if (!checked_numel(s, &n)) {
    std::string dims;
    for (int i = 0; i < s.rank; ++i) dims += (i ? "x" : "") + str(s[i]);
    return Status::out_of_memory(std::string(what) + " of shape " + dims +
                                 " would need more than " + str(kMaxTensorBytes >> 20) +
                                 " MiB, the largest tensor wasmconv accepts");
  }
  return Status();
}

// Splits a total padding as ONNX's auto_pad does; `total` may be negative, hence floor_div.
void split_padding(int64_t total, bool upper, int64_t* begin, int64_t* end) {
  if (upper) {
    *begin = floor_div(total, 2);
    *end = total - *begin;
  } else {
    *end = floor_div(total, 2);
    *begin = total - *end;
  }
}

// The caller's explicit padding on axis `a`, which must not be negative. Equal ends are
// named as one padding: that is what PyTorch's number and per-axis forms write, and a
// message about a "begin" would name something the caller never wrote.
Status explicit_padding(const ConvParams& p, size_t a, const char* axis, int64_t* pb, int64_t* pe) {
  *pb = p.pad_begin[a];
  *pe = p.pad_end[a];
  if (*pb == *pe) return check_range("padding", *pb, 0, axis);
  WASMCONV_RETURN_IF_ERROR(check_range("padding.begin", *pb, 0, axis));
  return check_range("padding.end", *pe, 0, axis);
}

// The padding string a caller wrote for an AutoPad ('same' stands for 'same_upper').
const char* auto_pad_name(AutoPad a) {
  switch (a) {
    case AutoPad::kValid:
      return "'valid'";
    case AutoPad::kSameUpper:
      return "'same'";
    case AutoPad::kSameLower:
      return "'same_lower'";
    case AutoPad::kExplicit:
      break;
  }
  return "explicit";
}

// A reflect or circular border wider than the input allows. Padding derived from 'same'
// is one the caller never wrote: the message says where it comes from.
Status border_too_wide(const ConvParams& p, const char* axis, int64_t in, int64_t k, int64_t s,
                       int64_t d, int64_t pad) {
  const std::string mode = padding_mode_name(p.padding_mode);
  const std::string must =
      std::string(p.padding_mode == PaddingMode::kReflect ? "be less than" : "not exceed") +
      " the input size " + str(in);
  if (p.auto_pad == AutoPad::kExplicit) {
    return Status::invalid(mode + " padding " + str(pad) + " on axis " + axis + " must " + must);
  }
  return Status::invalid(std::string("padding ") + auto_pad_name(p.auto_pad) + " needs " +
                         str(pad) + " on axis " + axis + " (derived from the kernel " + str(k) +
                         " and dilation " + str(d) +
                         (s > 1 ? " at stride " + str(s) : std::string()) + "), but " + mode +
                         " padding must " + must + ": use paddingMode 'replicate' or 'zeros'");
}

// Resolves one axis of a convolution. `user_axis` indexes the caller's arrays.
Status resolve_conv_axis(const ConvParams& p, int user_axis, const char* axis, int64_t in,
                         int64_t k, int64_t* pb, int64_t* pe, int64_t* out) {
  const size_t a = static_cast<size_t>(user_axis);
  const int64_t s = p.stride[a], d = p.dilation[a];
  const int64_t kd = dilated_kernel(k, d);
  if (p.output_padding[a] != 0) {
    return Status::invalid("output padding applies only to transposed convolution, got " +
                           str(p.output_padding[a]) + " on axis " + axis);
  }
  switch (p.auto_pad) {
    case AutoPad::kExplicit:
      WASMCONV_RETURN_IF_ERROR(explicit_padding(p, a, axis, pb, pe));
      break;
    case AutoPad::kValid:
      *pb = *pe = 0;
      break;
    case AutoPad::kSameUpper:
    case AutoPad::kSameLower: {
      // Output ceil(in / s); total padding so that the last window ends at the input's end.
      const int64_t target = (in + s - 1) / s;
      const int64_t total = std::max<int64_t>(0, (target - 1) * s + kd - in);
      split_padding(total, p.auto_pad == AutoPad::kSameUpper, pb, pe);
      break;
    }
  }
  switch (p.padding_mode) {
    case PaddingMode::kZeros:
    case PaddingMode::kReplicate:
      break;
    case PaddingMode::kReflect:
      if (*pb >= in || *pe >= in) return border_too_wide(p, axis, in, k, s, d, std::max(*pb, *pe));
      break;
    case PaddingMode::kCircular:
      if (*pb > in || *pe > in) return border_too_wide(p, axis, in, k, s, d, std::max(*pb, *pe));
      break;
  }
  const int64_t padded = in + *pb + *pe;
  if (kd > padded) {
    return Status::invalid(std::string(d > 1 ? "dilated kernel " : "kernel ") + str(kd) +
                           " is larger than padded input " + str(padded) + " on axis " + axis);
  }
  *out = conv_output_size(in, k, s, d, *pb, *pe);
  return Status();
}

// Resolves one axis of a transposed convolution. The returned pad_end absorbs
// output_padding (and any growth asked for through output_shape), so that
// out = (in-1)*s - pb - pe + K holds with the stored pads.
Status resolve_transpose_axis(const ConvParams& p, int user_axis, const char* axis, int64_t in,
                              int64_t k, int64_t* pb, int64_t* pe, int64_t* out) {
  const size_t a = static_cast<size_t>(user_axis);
  const int64_t s = p.stride[a], d = p.dilation[a];
  const int64_t kd = dilated_kernel(k, d);
  const int64_t op = p.output_padding[a];
  const int64_t op_max = max_output_padding(s, d);  // 0 <= op <= op_max: check_params
  const int64_t unpadded = (in - 1) * s + kd;       // output size with no padding at all
  if (p.has_output_shape) {
    const int64_t target = p.output_shape[a];  // from 1 to kMaxDim: checked by plan_conv
    if (target - unpadded > op_max) {
      return Status::invalid("output shape " + str(target) + " on axis " + axis +
                             " is unreachable: the largest is " + str(unpadded + op_max) +
                             " ((input " + str(in) + " - 1) * stride " + str(s) + " + kernel " +
                             str(kd) + " + output padding up to " + str(op_max) + ")");
    }
    // ONNX: total = s*(in-1) + output_padding + K - output_shape, split as auto_pad says
    // (NOTSET splits like SAME_LOWER).
    split_padding(unpadded + op - target, p.auto_pad == AutoPad::kSameUpper, pb, pe);
    *pe -= op;
  } else {
    switch (p.auto_pad) {
      case AutoPad::kExplicit:
        WASMCONV_RETURN_IF_ERROR(explicit_padding(p, a, axis, pb, pe));
        break;
      case AutoPad::kValid:
        *pb = *pe = 0;
        break;
      case AutoPad::kSameUpper:
      case AutoPad::kSameLower:
        // Output in * s; total = s*(in-1) + output_padding + K - in*s.
        split_padding(unpadded + op - in * s, p.auto_pad == AutoPad::kSameUpper, pb, pe);
        break;
    }
    *pe -= op;
  }
  *out = unpadded - *pb - *pe;
  if (*out < 1) {
    // Only explicit padding gets here ('valid', 'same' and output_shape give out >= 1): it
    // is named as the caller wrote it, one number when both ends are equal.
    const int64_t end = *pe + op;
    const std::string padding = *pb == end
                                    ? "2 * padding " + str(*pb)
                                    : "padding.begin " + str(*pb) + " - padding.end " + str(end);
    return Status::invalid("output size " + str(*out) + " on axis " + axis +
                           " is not positive: (input " + str(in) + " - 1) * stride " + str(s) +
                           (d > 1 ? " + dilated kernel " : " + kernel ") + str(kd) +
                           " + output padding " + str(op) + " - " + padding);
  }
  if (*out > kMaxDim) {
    return Status::invalid("output size " + str(*out) + " on axis " + std::string(axis) +
                           " exceeds " + str(kMaxDim));
  }
  return Status();
}

// ONNX's output_shape derives the padding, PyTorch's output_size keeps the padding and
// derives output_padding. wasmconv follows ONNX, so beside an output shape the padding may
// only be left out (zeros too: ONNX exporters write pads of zeros next to output_shape) or
// say how the derived total is split ('same', 'same_lower'). A padding of the caller's own,
// or 'valid' (no padding), is refused, and the message computes the outputPadding that
// gives the requested size with that padding: what PyTorch would have used.
Status check_output_shape_padding(const ConvParams& p, const Shape& x, const Shape& w) {
  const int nd = p.spatial_dims;
  bool given = p.auto_pad == AutoPad::kValid;
  for (size_t a = 0; a < static_cast<size_t>(nd); ++a) {
    given =
        given || (p.auto_pad == AutoPad::kExplicit && (p.pad_begin[a] != 0 || p.pad_end[a] != 0));
  }
  if (!given) return Status();
  std::string needed, sizes;
  bool reachable = true, symmetric = true;
  for (int i = 0; i < nd; ++i) {
    const size_t a = static_cast<size_t>(i);
    int64_t pb = 0, pe = 0;
    if (p.auto_pad == AutoPad::kExplicit) {
      WASMCONV_RETURN_IF_ERROR(explicit_padding(p, a, axis_name(nd, 3 - nd + i), &pb, &pe));
    }
    symmetric = symmetric && pb == pe;
    const int64_t s = p.stride[a], d = p.dilation[a];
    // (in-1)*s and the dilated kernel are each below 2^62 (both factors are checked), the
    // pads and the size below 2^31: no overflow.
    const int64_t op =
        p.output_shape[a] - ((x[2 + i] - 1) * s - pb - pe + dilated_kernel(w[2 + i], d));
    reachable = reachable && op >= 0 && op <= max_output_padding(s, d);
    needed += (i ? ", " : "") + str(op);
    sizes += (i ? ", " : "") + str(p.output_shape[a]);
  }
  std::string message;
  if (p.auto_pad == AutoPad::kValid) {
    message =
        "padding 'valid' and outputShape cannot both be given: outputShape derives the padding "
        "(ONNX), and 'valid' asks for none. To reach a given size with no padding, pass "
        "outputPadding = outputSize - ((in-1)*stride + dilation*(k-1) + 1) instead of outputShape";
  } else {
    message =
        std::string(
            "padding and outputShape cannot both be given: outputShape derives the padding (ONNX). "
            "To keep your padding and reach a given size, as PyTorch's output_size does, pass "
            "outputPadding = outputSize - ((in-1)*stride - ") +
        (symmetric ? "2*padding" : "padding.begin - padding.end") +
        " + dilation*(k-1) + 1) instead of outputShape";
  }
  if (reachable) return Status::invalid(message + ": here [" + needed + "]");
  return Status::invalid(message + ": here that is [" + needed +
                         "], but outputPadding must be from 0 to max(stride, dilation) - 1, so no "
                         "outputPadding reaches outputShape [" +
                         sizes + "] with this padding");
}

}  // namespace

const char* op_name(Op op) { return op == Op::kConv ? "conv" : "convTranspose"; }

const char* padding_mode_name(PaddingMode mode) {
  switch (mode) {
    case PaddingMode::kZeros:
      return "zeros";
    case PaddingMode::kReflect:
      return "reflect";
    case PaddingMode::kReplicate:
      return "replicate";
    case PaddingMode::kCircular:
      return "circular";
  }
  return "?";
}

const char* weight_layout_name(WeightLayout layout) {
  return layout == WeightLayout::kHwio ? "hwio" : "oihw";
}

const char* data_layout_name(DataLayout layout) {
  return layout == DataLayout::kChannelsLast ? "nhwc" : "nchw";
}

const char* activation_name(ActivationKind kind) {
  switch (kind) {
    case ActivationKind::kNone:
      return "none";
    case ActivationKind::kRelu:
      return "relu";
    case ActivationKind::kRelu6:
      return "relu6";
    case ActivationKind::kClamp:
      return "clamp";
    case ActivationKind::kLeakyRelu:
      return "leakyRelu";
    case ActivationKind::kSigmoid:
      return "sigmoid";
    case ActivationKind::kTanh:
      return "tanh";
    case ActivationKind::kHardSwish:
      return "hardSwish";
    case ActivationKind::kSilu:
      return "silu";
    case ActivationKind::kGelu:
      return "gelu";
  }
  return "?";
}

namespace {
// A float as a caller wrote it: "6", "0.1", "-inf", "nan".
std::string number(float v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return number_text(v);
}
}  // namespace

Status check_activation(const Activation& a) {
  switch (a.kind) {
    case ActivationKind::kClamp:
      if (!std::isfinite(a.min) || !std::isfinite(a.max)) {
        return Status::invalid("activation { clamp: [min, max] } needs finite numbers, got [" +
                               number(a.min) + ", " + number(a.max) + "]");
      }
      if (a.min > a.max) {
        return Status::invalid("activation { clamp: [min, max] } needs min <= max, got [" +
                               number(a.min) + ", " + number(a.max) + "]: swap them");
      }
      return Status();
    case ActivationKind::kLeakyRelu:
      if (!std::isfinite(a.alpha)) {
        return Status::invalid("activation { leakyRelu: alpha } needs a finite alpha, got " +
                               number(a.alpha) + " (PyTorch's default is 0.01)");
      }
      return Status();
    case ActivationKind::kNone:
    case ActivationKind::kRelu:
    case ActivationKind::kRelu6:
    case ActivationKind::kSigmoid:
    case ActivationKind::kTanh:
    case ActivationKind::kHardSwish:
    case ActivationKind::kSilu:
    case ActivationKind::kGelu:
      return Status();
  }
  return Status::invalid("activation has an unknown kind " + str(static_cast<int64_t>(a.kind)));
}

const char* axis_name(int spatial_dims, int axis) {
  if (spatial_dims == 1) return "L";
  static const char* const kNames[] = {"D", "H", "W"};
  return kNames[axis];
}

namespace {
// {d0, d1, spatial...} in the caller's rank: internal axes 3-nd .. 2; with `last`,
// {d0, spatial..., d1}.
Shape caller_shape(int spatial_dims, int64_t d0, int64_t d1, const Dims& spatial,
                   bool last = false) {
  Shape s;
  s.rank = spatial_dims + 2;
  s.dims[0] = d0;
  s.dims[last ? static_cast<size_t>(spatial_dims + 1) : 1] = d1;
  for (int i = 0; i < spatial_dims; ++i) {
    s.dims[static_cast<size_t>((last ? 1 : 2) + i)] =
        spatial[static_cast<size_t>(3 - spatial_dims + i)];
  }
  return s;
}
}  // namespace

Shape ConvGeometry::input_shape() const {
  return caller_shape(spatial_dims, batch, in_channels, input, channels_last());
}

Shape ConvGeometry::weight_shape() const {
  return op == Op::kConv
             ? caller_shape(spatial_dims, out_channels, in_channels_per_group(), kernel)
             : caller_shape(spatial_dims, in_channels, out_channels_per_group(), kernel);
}

Shape ConvGeometry::output_shape() const {
  return caller_shape(spatial_dims, batch, out_channels, output, channels_last());
}

int64_t ConvGeometry::macs() const {
  if (op == Op::kConv) {
    return batch * out_channels * output_spatial() * in_channels_per_group() * kernel_spatial();
  }
  return batch * in_channels * input_spatial() * out_channels_per_group() * kernel_spatial();
}

namespace {

// Where the caller's weight keeps its channel dims: `out_dim` holds C_out (conv) or
// C_out/groups (transposed), `in_dim` C_in/groups (conv) or C_in (transposed).
struct ChannelDims {
  int out_dim;
  int in_dim;
};

ChannelDims channel_dims(const ConvParams& p) {
  const int nd = p.spatial_dims;
  const bool transposed = p.op == Op::kConvTranspose;
  if (p.weight_layout == WeightLayout::kHwio) {
    return transposed ? ChannelDims{nd, nd + 1} : ChannelDims{nd + 1, nd};
  }
  return transposed ? ChannelDims{1, 0} : ChannelDims{0, 1};
}

// TF's depthwise reading of an hwio conv weight [k..., a, b] is possible when a == groups;
// the input decides: it is taken when C_in == groups (== a), where the other reading,
// [k..., C_in/groups, C_out], would need C_in = groups * a.
bool depthwise_possible(const ConvParams& p, const Shape& w) {
  return p.weight_layout == WeightLayout::kHwio && p.op == Op::kConv &&
         w[p.spatial_dims] == p.groups;
}

// The caller's weight (its rank checked) in the canonical layout: conv [C_out, C_in/groups,
// k...], transposed [C_in, C_out/groups, k...]. hwio keeps the kernel axes in front and the
// two channel dims swapped at the back, for both ops: [k..., C_in/groups, C_out] and
// [k..., C_out/groups, C_in]. TF's depthwise filter [k..., C, M] reads as [C * M, 1, k...]:
// output channel c * M + m is where element (c, m) sits in memory, as in Keras' grouped
// kernel [k..., 1, C * M]; with groups = 1 (then C = 1) the two readings are one.
Shape canonical_shape(const ConvParams& p, const Shape& w, bool depthwise) {
  if (p.weight_layout == WeightLayout::kOihw) return w;
  const int nd = p.spatial_dims;
  Shape c;
  c.rank = w.rank;
  for (int i = 0; i < nd; ++i) c.dims[static_cast<size_t>(2 + i)] = w[i];
  // Each dim is below 2^31 (check_tensor): the product does not overflow.
  c.dims[0] = depthwise ? w[nd] * w[nd + 1] : w[nd + 1];
  c.dims[1] = depthwise ? 1 : w[nd];
  return c;
}

std::string shape_text(const Shape& s) {
  std::string out = "[";
  for (int i = 0; i < s.rank; ++i) out += (i ? ", " : "") + str(s[i]);
  return out + "]";
}

// The axes of the op's weight in `p`'s layout, named as in TF's and PyTorch's documentation:
// e.g. "[kh, kw, in, out]", "[out, in/groups, k]"; with `depthwise`, TF's depthwise filter
// "[kh, kw, in, multiplier]".
std::string layout_axes(const ConvParams& p, bool depthwise) {
  static const char* const kKernel[] = {"k", "kh, kw", "kd, kh, kw"};
  const bool transposed = p.op == Op::kConvTranspose;
  const std::string per = p.groups > 1 ? "/groups" : "";
  // Canonical order: the first dim is C_out for conv, C_in for the transposed op.
  std::string first = transposed ? "in" : "out";
  std::string second = transposed ? "out" + per : "in" + per;
  if (depthwise) {
    first = "multiplier";
    second = "in";
  }
  const std::string kernel = kKernel[p.spatial_dims - 1];
  if (p.weight_layout == WeightLayout::kOihw) {
    return "[" + first + ", " + second + ", " + kernel + "]";
  }
  return "[" + kernel + ", " + second + ", " + first + "]";
}

// The input-free checks of the weight's channels on its canonical reading `c`: groups divide
// C_out, C_out fits, the bias has C_out values. Messages name the caller's dims.
Status check_channels(const ConvParams& p, const Shape& c, int64_t bias_length) {
  const bool transposed = p.op == Op::kConvTranspose;
  int64_t out_channels = c[0];
  if (!transposed && c[0] % p.groups != 0) {
    return Status::invalid("groups " + str(p.groups) + " does not divide the output channels " +
                           str(c[0]) + " (weight shape[" + str(channel_dims(p).out_dim) + "])");
  }
  if (transposed) {
    if (c[1] > kMaxDim / p.groups) {
      return Status::invalid("output channels " + str(c[1]) + " x groups " + str(p.groups) +
                             " exceed " + str(kMaxDim));
    }
    out_channels = c[1] * p.groups;
  }
  if (bias_length >= 0 && bias_length != out_channels) {
    return Status::invalid("bias has " + str(bias_length) + " values but there are " +
                           str(out_channels) + " output channels");
  }
  return Status();
}

// check_params for an input of `in_channels` channels, or none known yet (< 0): then both
// readings of an hwio weight [k..., groups, b] stand, and only what neither allows is refused
// (the depthwise reading's message first: it is TF's usual form).
Status check_params_for(const ConvParams& p, const Shape& w, int64_t bias_length,
                        int64_t in_channels) {
  const int nd = p.spatial_dims;
  if (nd < 1 || nd > kMaxSpatialDims) {
    return Status::invalid("spatial dimensions must be 1, 2 or 3, got " + str(nd));
  }
  WASMCONV_RETURN_IF_ERROR(check_tensor("weight", w, nd, 1));
  const bool transposed = p.op == Op::kConvTranspose;
  if (p.groups < 1 || p.groups > kMaxDim) {
    return Status::invalid("groups must be a positive integer, got " + str(p.groups));
  }
  if (transposed && p.padding_mode != PaddingMode::kZeros) {
    return Status::invalid(std::string("transposed convolution supports only zero padding "
                                       "(paddingMode 'zeros'), got paddingMode '") +
                           padding_mode_name(p.padding_mode) + "'");
  }
  if (!transposed && p.has_output_shape) {
    return Status::invalid("output shape applies only to transposed convolution");
  }
  const bool both = depthwise_possible(p, w) && in_channels < 0;
  const Status channels = check_channels(
      p, canonical_shape(p, w, depthwise_possible(p, w) && (both || in_channels == p.groups)),
      bias_length);
  if (!channels.ok() &&
      !(both && check_channels(p, canonical_shape(p, w, false), bias_length).ok())) {
    return channels;
  }
  for (int i = 0; i < nd; ++i) {
    const size_t ua = static_cast<size_t>(i);
    const char* name = axis_name(nd, 3 - nd + i);
    WASMCONV_RETURN_IF_ERROR(check_range("stride", p.stride[ua], 1, name));
    WASMCONV_RETURN_IF_ERROR(check_range("dilation", p.dilation[ua], 1, name));
    if (transposed && p.has_output_shape) {
      WASMCONV_RETURN_IF_ERROR(check_range("output shape", p.output_shape[ua], 1, name));
    }
    if (p.auto_pad == AutoPad::kExplicit && !p.has_output_shape) {
      int64_t pb = 0, pe = 0;
      WASMCONV_RETURN_IF_ERROR(explicit_padding(p, ua, name, &pb, &pe));
    }
    if (transposed) {
      const int64_t op = p.output_padding[ua],
                    op_max = max_output_padding(p.stride[ua], p.dilation[ua]);
      if (op < 0 || op > op_max) {
        return Status::invalid("output padding " + str(op) + " on axis " + name +
                               " must be from 0 to " + str(op_max) + " (less than max(stride " +
                               str(p.stride[ua]) + ", dilation " + str(p.dilation[ua]) + "))");
      }
    }
  }
  return check_activation(p.activation);
}

// plan_conv in the declared layouts only. `given` is the caller's input shape, in p.data_layout.
Status plan_in_layout(const ConvParams& p, const Shape& given, const Shape& w, int64_t bias_length,
                      ConvGeometry* out) {
  const int nd = p.spatial_dims;
  if (nd < 1 || nd > kMaxSpatialDims) {
    return Status::invalid("spatial dimensions must be 1, 2 or 3, got " + str(nd));
  }
  WASMCONV_RETURN_IF_ERROR(check_tensor("input", given, nd, 0, p.data_layout));
  // Everything below reads the input channels-first.
  const Shape x = p.data_layout == DataLayout::kChannelsLast ? channels_first_shape(given) : given;
  // Groups that do not divide the input's channels are named as such before check_params
  // (which knows only the weight) can name the output channels instead.
  if (p.groups >= 1 && x[1] % p.groups != 0) {
    return Status::invalid("groups " + str(p.groups) + " does not divide the input channels " +
                           str(x[1]));
  }
  // Everything that does not depend on the input (a layer checks the same at creation).
  WASMCONV_RETURN_IF_ERROR(check_params_for(p, w, bias_length, x[1]));
  const bool transposed = p.op == Op::kConvTranspose;
  const bool hwio = p.weight_layout == WeightLayout::kHwio;
  // The weight as every check below and the geometry see it.
  const Shape c = canonical_shape(p, w, depthwise_possible(p, w) && x[1] == p.groups);
  const int in_dim = channel_dims(p).in_dim;

  ConvGeometry g;
  g.op = p.op;
  g.spatial_dims = nd;
  g.batch = x[0];
  g.in_channels = x[1];
  g.groups = p.groups;
  g.padding_mode = p.padding_mode;
  g.has_bias = bias_length >= 0;
  g.activation = p.activation;
  g.weight_layout = p.weight_layout;
  g.data_layout = p.data_layout;
  if (!transposed) {
    if (c[1] * g.groups != g.in_channels) {
      return Status::invalid("weight shape[" + str(in_dim) + "] is " + str(w[in_dim]) +
                             " but input channels " + str(g.in_channels) + " / groups " +
                             str(g.groups) + " = " + str(g.in_channels / g.groups) +
                             (hwio ? " (hwio conv weights are [kernel..., C_in/groups, C_out])"
                                   : " (conv weights are [C_out, C_in/groups, kernel...])"));
    }
    g.out_channels = c[0];
  } else {
    if (c[0] != g.in_channels) {
      return Status::invalid("weight shape[" + str(in_dim) + "] is " + str(w[in_dim]) +
                             " but the input has " + str(g.in_channels) + " channels" +
                             (hwio
                                  ? " (hwio transposed weights are [kernel..., C_out/groups, C_in])"
                                  : " (transposed weights are [C_in, C_out/groups, kernel...])"));
    }
    g.out_channels = c[1] * g.groups;
  }

  // check_params has checked every axis's stride, dilation and output shape: the check of a
  // padding given with an output shape computes with all of them.
  if (transposed && p.has_output_shape) {
    WASMCONV_RETURN_IF_ERROR(check_output_shape_padding(p, x, c));
  }

  for (int i = 0; i < nd; ++i) {
    const int axis = 3 - nd + i;  // internal index
    const size_t ua = static_cast<size_t>(i);
    const size_t ia = static_cast<size_t>(axis);
    const char* name = axis_name(nd, axis);
    g.input[ia] = x[2 + i];
    g.kernel[ia] = c[2 + i];
    g.stride[ia] = p.stride[ua];
    g.dilation[ia] = p.dilation[ua];
    if (transposed) {
      WASMCONV_RETURN_IF_ERROR(resolve_transpose_axis(
          p, i, name, g.input[ia], g.kernel[ia], &g.pad_begin[ia], &g.pad_end[ia], &g.output[ia]));
    } else {
      WASMCONV_RETURN_IF_ERROR(resolve_conv_axis(p, i, name, g.input[ia], g.kernel[ia],
                                                 &g.pad_begin[ia], &g.pad_end[ia], &g.output[ia]));
    }
  }

  WASMCONV_RETURN_IF_ERROR(check_size_limit("input", given));
  WASMCONV_RETURN_IF_ERROR(check_size_limit("weight", w));
  WASMCONV_RETURN_IF_ERROR(check_size_limit("output", g.output_shape()));
  *out = g;
  return Status();
}

// The params of `p` with the other weight layout.
ConvParams other_layout(const ConvParams& p) {
  ConvParams q = p;
  q.weight_layout =
      p.weight_layout == WeightLayout::kOihw ? WeightLayout::kHwio : WeightLayout::kOihw;
  return q;
}

// `failed` is the refusal of `p`'s weight `w` in its declared layout, `in_other` the result of
// the same call with the other layout. The weight is named as most likely in the other layout,
// with the fix, when three things hold:
//   - the declared layout contradicts the channel counts: the input's (`in_channels`, < 0
//     when none is known yet), groups dividing C_out, or the bias length. A refusal about
//     sizes alone (a kernel larger than the input, padding) is not a mix-up: reading the
//     weight the other way changes its kernel, so that could "fix" any of them;
//   - the other layout plans;
//   - its reading looks like a weight: no kernel axis longer than the larger of its two
//     channel dims. A kernel of 3 and 3 channels trade places without a mix-up: an oihw
//     [4, 2, 3, 3] on 3 channels also fits as hwio, with a 4x2 kernel.
Status name_mixup(const ConvParams& p, const Shape& w, int64_t in_channels, int64_t bias_length,
                  const Status& failed, const Status& in_other, bool* named = nullptr) {
  if (failed.code() != StatusCode::kInvalidArgument || !in_other.ok()) return failed;
  // (w and the input are valid from here on)
  const ConvParams q = other_layout(p);
  // The declared layout's channel dim for this input: C_in/groups for conv, C_in transposed.
  const bool transposed = p.op == Op::kConvTranspose;
  const int in_dim = channel_dims(p).in_dim;
  const int64_t needed = transposed ? in_channels : in_channels / p.groups;
  const bool channels_fit = in_channels < 0 || w[in_dim] == needed ||
                            (depthwise_possible(p, w) && in_channels == p.groups);
  const bool declared_depthwise =
      depthwise_possible(p, w) && (in_channels < 0 || in_channels == p.groups);
  const bool counts_fit =
      check_channels(p, canonical_shape(p, w, declared_depthwise), bias_length).ok() ||
      (declared_depthwise && in_channels < 0 &&
       check_channels(p, canonical_shape(p, w, false), bias_length).ok());
  if (channels_fit && counts_fit) return failed;
  // Which reading of the other layout fits, for its description.
  const bool depthwise =
      depthwise_possible(q, w) &&
      (in_channels >= 0 ? in_channels == q.groups
                        : check_channels(q, canonical_shape(q, w, true), bias_length).ok());
  const ChannelDims other_dims = channel_dims(q);
  const int64_t widest = std::max(w[other_dims.in_dim], w[other_dims.out_dim]);
  const int kernel_begin = q.weight_layout == WeightLayout::kHwio ? 0 : 2;
  for (int i = kernel_begin; i < kernel_begin + p.spatial_dims; ++i) {
    if (w[i] > widest) return failed;
  }
  const std::string declared = std::string("'") + weight_layout_name(p.weight_layout) + "'";
  const std::string other = std::string("'") + weight_layout_name(q.weight_layout) + "'";
  std::string m = "weight shape " + shape_text(w) + " does not fit ";
  if (!channels_fit) {
    std::string pattern = "[";
    for (int i = 0; i < w.rank; ++i) {
      pattern += (i ? ", " : "") + (i == in_dim ? str(needed) : std::string("*"));
    }
    m += "input channels " + str(in_channels) + " as " + declared + " (it would need " + pattern +
         "])";
  } else {
    m += "as " + declared + " (" + failed.message() + ")";
  }
  if (named != nullptr) *named = true;
  m += "; it reads as " + other + " " + layout_axes(q, depthwise) + ": pass weightLayout: " + other;
  if (q.weight_layout == WeightLayout::kOihw) m += " (the default)";
  return Status::invalid(m);
}

}  // namespace

Status check_params(const ConvParams& p, const Shape& w, int64_t bias_length) {
  const Status s = check_params_for(p, w, bias_length, -1);
  if (s.ok()) return s;
  return name_mixup(p, w, -1, bias_length, s,
                    check_params_for(other_layout(p), w, bias_length, -1));
}

Status plan_conv(const ConvParams& p, const Shape& x, const Shape& w, int64_t bias_length,
                 ConvGeometry* out) {
  const Status s = plan_in_layout(p, x, w, bias_length, out);
  if (s.ok() || s.code() != StatusCode::kInvalidArgument) return s;
  ConvGeometry unused;
  const bool last = p.data_layout == DataLayout::kChannelsLast;
  const bool ranked = x.rank == p.spatial_dims + 2 && x.rank <= kMaxRank;
  const int64_t channels = ranked && last ? x[x.rank - 1] : x[1];
  // A weight in the other layout first (it names the reading that fits the declared data).
  bool named = false;
  const Status weight =
      name_mixup(p, w, channels, bias_length, s,
                 plan_in_layout(other_layout(p), x, w, bias_length, &unused), &named);
  if (named) return weight;
  // Then the data in the other layout: when its channel count differs and that plans, the
  // channels were read from the wrong axis (a refusal about sizes alone is not a mix-up:
  // then both counts are equal, or the other one does not fit the weight either).
  if (ranked && x[1] != x[x.rank - 1]) {
    ConvParams q = p;
    q.data_layout = last ? DataLayout::kChannelsFirst : DataLayout::kChannelsLast;
    if (plan_in_layout(q, x, w, bias_length, &unused).ok()) {
      // Appended piece by piece: a chain of + builds a temporary per piece (.wasm size).
      std::string m = s.message();
      m += "; the input would fit layout: '";
      m += data_layout_name(q.data_layout);
      m += last ? "' (channels first, C = " : "' (channels last, C = ";
      m += str(last ? x[1] : x[x.rank - 1]);
      m += last ? "), the default" : ")";
      return Status::invalid(m);
    }
  }
  return s;
}

}  // namespace wasmconv
