// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Embind glue: converts the JS request object into ConvParams and shapes, calls the C++
// API, and returns plain JS objects. No semantics live here: validation is plan_conv's.
// Buffers cross as wasm addresses (numbers) allocated by the JS wrapper with _malloc,
// because Embind cannot bind raw float pointers. Errors return as { error, code } values:
// this build has no C++ exceptions.
//
// Request fields (all arrays already checked by the JS wrapper to hold safe integers):
//   op: 'conv' | 'convTranspose', spatialDims, xShape, wShape, biasLength (-1: none; -2, plan
//   only: one per output channel),
//   stride, dilation, padBegin, padEnd (one entry per spatial axis),
//   autoPad: 'explicit' | 'valid' | 'same_upper' | 'same_lower', groups,
//   paddingMode: 'zeros' | 'reflect' | 'replicate' | 'circular',
//   outputPadding, outputShape (array or null),
//   activation: null or { kind: 'relu' | 'relu6' | 'clamp' | 'leakyRelu' | 'sigmoid' | 'tanh'
//   | 'hardSwish' | 'silu' | 'gelu', min, max (clamp), alpha (leakyRelu) } (numbers checked
//   by plan_conv), weightLayout: 'oihw' | 'hwio' (absent: 'oihw'), layout: 'nchw' | 'nhwc'
//   (absent: 'nchw').
// Image conversions (bindings/js/image.js) take their parameters as doubles in wasm memory
// (kImage* below; the numbers are checked by image::check), which binds them with less
// code than a request object.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "image/image_convert.h"
#include "wasmconv/arithmetic.h"
#include "wasmconv/conv.h"
#include "wasmconv/layer.h"
#include "wasmconv/memory_limit.h"
#include "wasmconv/thread_pool.h"

namespace {

using emscripten::val;
using wasmconv::Status;

// Numbers arrive as doubles; the JS wrapper guarantees safe integers (|v| < 2^53). Should
// anything else slip through (NaN from a missing entry, a huge value), the cast is not
// attempted (it would be undefined behaviour): INT64_MIN goes on, which plan_conv rejects.
int64_t to_int(const val& v) {
  const double d = v.as<double>();
  return std::fabs(d) <= 9007199254740992.0 ? static_cast<int64_t>(d) : INT64_MIN;
}

wasmconv::Shape to_shape(const val& array) {
  wasmconv::Shape s;
  const int n = array["length"].as<int>();
  s.rank = n;
  for (int i = 0; i < n && i < wasmconv::kMaxRank; ++i)
    s.dims[static_cast<size_t>(i)] = to_int(array[i]);
  return s;
}

wasmconv::Dims to_dims(const val& array, int64_t fill) {
  wasmconv::Dims d{fill, fill, fill};
  const int n = array["length"].as<int>();
  for (int i = 0; i < n && i < wasmconv::kMaxSpatialDims; ++i)
    d[static_cast<size_t>(i)] = to_int(array[i]);
  return d;
}

// A double as a float: out-of-range values become +-Inf (which check_activation rejects)
// rather than an undefined conversion.
float to_float(const val& v) {
  const double d = v.isNumber() ? v.as<double>() : std::nan("");
  if (std::isnan(d)) return std::nanf("");
  if (d > 3.4028234663852886e38) return HUGE_VALF;
  if (d < -3.4028234663852886e38) return -HUGE_VALF;
  return static_cast<float>(d);
}

wasmconv::Activation to_activation(const val& a) {
  wasmconv::Activation out;
  if (a.isNull() || a.isUndefined()) return out;
  using K = wasmconv::ActivationKind;
  const std::string kind = a["kind"].as<std::string>();
  for (K k : {K::kRelu, K::kRelu6, K::kClamp, K::kLeakyRelu, K::kSigmoid, K::kTanh, K::kHardSwish,
              K::kSilu, K::kGelu}) {
    if (kind == wasmconv::activation_name(k)) out.kind = k;
  }
  if (out.kind == K::kClamp) {
    out.min = to_float(a["min"]);
    out.max = to_float(a["max"]);
  } else if (out.kind == K::kLeakyRelu) {
    out.alpha = to_float(a["alpha"]);
  }
  return out;
}

wasmconv::ConvParams to_params(const val& req) {
  wasmconv::ConvParams p;
  p.op = req["op"].as<std::string>() == "convTranspose" ? wasmconv::Op::kConvTranspose
                                                        : wasmconv::Op::kConv;
  p.spatial_dims = req["spatialDims"].as<int>();
  p.stride = to_dims(req["stride"], 1);
  p.dilation = to_dims(req["dilation"], 1);
  p.pad_begin = to_dims(req["padBegin"], 0);
  p.pad_end = to_dims(req["padEnd"], 0);
  p.output_padding = to_dims(req["outputPadding"], 0);
  p.groups = to_int(req["groups"]);
  const std::string auto_pad = req["autoPad"].as<std::string>();
  p.auto_pad = auto_pad == "valid"        ? wasmconv::AutoPad::kValid
               : auto_pad == "same_upper" ? wasmconv::AutoPad::kSameUpper
               : auto_pad == "same_lower" ? wasmconv::AutoPad::kSameLower
                                          : wasmconv::AutoPad::kExplicit;
  const std::string mode = req["paddingMode"].as<std::string>();
  p.padding_mode = mode == "reflect"     ? wasmconv::PaddingMode::kReflect
                   : mode == "replicate" ? wasmconv::PaddingMode::kReplicate
                   : mode == "circular"  ? wasmconv::PaddingMode::kCircular
                                         : wasmconv::PaddingMode::kZeros;
  const val output_shape = req["outputShape"];
  if (!output_shape.isNull() && !output_shape.isUndefined()) {
    p.has_output_shape = true;
    p.output_shape = to_dims(output_shape, 1);
  }
  p.activation = to_activation(req["activation"]);
  const val layout = req["weightLayout"];
  if (layout.isString() && layout.as<std::string>() == "hwio") {
    p.weight_layout = wasmconv::WeightLayout::kHwio;
  }
  const val data_layout = req["layout"];
  if (data_layout.isString() && data_layout.as<std::string>() == "nhwc") {
    p.data_layout = wasmconv::DataLayout::kChannelsLast;
  }
  return p;
}

val error_value(const Status& s) {
  val out = val::object();
  out.set("error", s.message());
  out.set("code", s.code() == wasmconv::StatusCode::kOutOfMemory ? std::string("out_of_memory")
                                                                 : std::string("invalid_argument"));
  return out;
}

val to_array(const wasmconv::Shape& s) {
  val out = val::array();
  for (int i = 0; i < s.rank; ++i) out.call<void>("push", static_cast<double>(s[i]));
  return out;
}

val geometry_value(const wasmconv::ConvGeometry& g) {
  val out = val::object();
  out.set("outputShape", to_array(g.output_shape()));
  out.set("outputSize", static_cast<double>(g.output_size()));
  out.set("macs", static_cast<double>(g.macs()));
  out.set("paramCount", static_cast<double>(g.param_count()));
  val begin = val::array(), end = val::array();
  for (int i = 0; i < g.spatial_dims; ++i) {
    const size_t a = static_cast<size_t>(3 - g.spatial_dims + i);
    begin.call<void>("push", static_cast<double>(g.pad_begin[a]));
    end.call<void>("push", static_cast<double>(g.pad_end[a]));
  }
  out.set("padBegin", begin);
  out.set("padEnd", end);
  return out;
}

bool plan_request(const val& req, wasmconv::ConvGeometry* g, val* error) {
  // biasLength -2 (the shape helpers' `bias: true`) counts a bias of every output channel,
  // however many the plan finds (an hwio weight's reading depends on the input).
  const int64_t bias_length = to_int(req["biasLength"]);
  const Status s = wasmconv::plan_conv(to_params(req), to_shape(req["xShape"]),
                                       to_shape(req["wShape"]), bias_length == -2 ? -1 : bias_length, g);
  if (s.ok() && bias_length == -2) g->has_bias = true;
  if (!s.ok()) *error = error_value(s);
  return s.ok();
}

val plan(val req) {
  wasmconv::ConvGeometry g;
  val error = val::null();
  if (!plan_request(req, &g, &error)) return error;
  return geometry_value(g);
}

// The module's thread pool: none until startThreads, which the JS loader calls once, right
// after instantiating a threaded build. The module is the pool's only owner.
std::unique_ptr<wasmconv::ThreadPool>& module_pool() {
  static std::unique_ptr<wasmconv::ThreadPool> pool;
  return pool;
}

// Starts `threads` threads: the calling one and threads - 1 of the workers the glue started
// (its `wasmconvWorkers`). Only in a threaded build, and only once. `min_macs` < 0 keeps the
// pool's default minimum work per split call (bench/threads-threshold.mjs passes 0).
val start_threads(int threads, double min_macs) {
#ifdef __EMSCRIPTEN_PTHREADS__
  if (module_pool() != nullptr)
    return error_value(Status::invalid("the thread pool is already started"));
  if (threads < 2) return error_value(Status::invalid("startThreads needs at least 2 threads"));
  module_pool() = std::make_unique<wasmconv::ThreadPool>(
      threads, min_macs < 0 ? wasmconv::ThreadPool::kDefaultMinThreadedMacs
                            : static_cast<int64_t>(min_macs));
  return val::null();
#else
  (void)threads;
  (void)min_macs;
  return error_value(Status::invalid("this build is single-threaded"));
#endif
}

int thread_count() { return module_pool() != nullptr ? module_pool()->threads() : 1; }

const float* f32(uintptr_t address) { return reinterpret_cast<const float*>(address); }

// `residual` is 0 for none, else g.output_size() floats (checked by the JS wrapper).
val run(val req, uintptr_t x, uintptr_t w, uintptr_t bias, uintptr_t residual, uintptr_t y,
        std::string backend) {
  wasmconv::ConvGeometry g;
  val error = val::null();
  if (!plan_request(req, &g, &error)) return error;
  const wasmconv::Backend b = backend == "reference" ? wasmconv::Backend::kReference
                              : backend == "simd"    ? wasmconv::Backend::kSimd
                                                     : wasmconv::Backend::kAuto;
  const Status s = wasmconv::run_conv(g, f32(x), f32(w), bias ? f32(bias) : nullptr,
                                      residual ? f32(residual) : nullptr,
                                      reinterpret_cast<float*>(y), b, module_pool().get());
  return s.ok() ? val::null() : error_value(s);
}

val conv_matrix(val req, uintptr_t w, uintptr_t out) {
  wasmconv::ConvGeometry g;
  val error = val::null();
  if (!plan_request(req, &g, &error)) return error;
  const Status s = wasmconv::conv_matrix(g, f32(w), reinterpret_cast<float*>(out));
  return s.ok() ? val::null() : error_value(s);
}

val receptive_field(val layers) {
  std::vector<wasmconv::LayerSpec> specs;
  const int n = layers["length"].as<int>();
  for (int i = 0; i < n; ++i) {
    const val l = layers[i];
    wasmconv::LayerSpec s;
    s.transposed = l["transposed"].as<bool>();
    s.kernel = to_int(l["kernel"]);
    s.stride = to_int(l["stride"]);
    s.dilation = to_int(l["dilation"]);
    specs.push_back(s);
  }
  val out = val::array();
  for (const wasmconv::ReceptiveField& rf : wasmconv::receptive_field(specs)) {
    val e = val::object();
    e.set("size", rf.size);
    e.set("jump", rf.jump);
    out.call<void>("push", e);
  }
  return out;
}

// A ConvLayer as seen from JS: init copies the weights; plan/run take the input shape.
class Layer {
 public:
  val init(val req, uintptr_t w, uintptr_t bias) {
    const Status s = layer_.init(to_params(req), to_shape(req["wShape"]), f32(w),
                                 bias ? f32(bias) : nullptr, to_int(req["biasLength"]));
    return s.ok() ? val::null() : error_value(s);
  }
  val plan(val x_shape) const {
    wasmconv::ConvGeometry g;
    const Status s = layer_.plan(to_shape(x_shape), &g);
    return s.ok() ? geometry_value(g) : error_value(s);
  }
  val run(val x_shape, uintptr_t x, uintptr_t residual, uintptr_t y) {
    wasmconv::ConvGeometry g;
    Status s = layer_.plan(to_shape(x_shape), &g);
    if (s.ok()) {
      s = layer_.run(g, f32(x), residual ? f32(residual) : nullptr, reinterpret_cast<float*>(y),
                     module_pool().get());
    }
    return s.ok() ? val::null() : error_value(s);
  }

 private:
  wasmconv::ConvLayer layer_;
};

// The image parameters, in this order, as doubles at `params`: the direction (0: bytes to a
// tensor, 1: a tensor to RGBA bytes), width, height, source channels (to a tensor), tensor
// channels, NHWC (0 or 1), BT.709 luma (0 or 1), normalize (0 or 1), scale, mean[4], std[4].
enum ImageParam {
  kImageDirection,
  kImageWidth,
  kImageHeight,
  kImageSourceChannels,
  kImageChannels,
  kImageNhwc,
  kImageLuma709,
  kImageNormalize,
  kImageScale,
  kImageMean,
  kImageStd = kImageMean + 4
};

// A double as an int64, as to_int does (the JS wrapper sends safe integers).
int64_t whole(double d) {
  return std::fabs(d) <= 9007199254740992.0 ? static_cast<int64_t>(d) : INT64_MIN;
}
int small(double d) { return std::fabs(d) <= 1024 ? static_cast<int>(d) : -1; }

// Checks the request at `params` and, when `src` is not 0, converts `src` (bytes or floats)
// into `dst` (floats or RGBA bytes): null, or { error, code }.
val convert_image(uintptr_t params, uintptr_t src, uintptr_t dst) {
  namespace image = wasmconv::image;
  const double* q = reinterpret_cast<const double*>(params);
  image::ChannelMap map;
  map.scale = q[kImageScale];
  for (int c = 0; c < 4; ++c) {
    map.mean[c] = q[kImageMean + c];
    map.std[c] = q[kImageStd + c];
  }
  const image::Layout layout = q[kImageNhwc] != 0 ? image::Layout::kNHWC : image::Layout::kNCHW;
  Status s;
  if (q[kImageDirection] == 0) {
    image::ImageToTensorParams p;
    p.width = whole(q[kImageWidth]);
    p.height = whole(q[kImageHeight]);
    p.source_channels = small(q[kImageSourceChannels]);
    p.channels = small(q[kImageChannels]);
    p.layout = layout;
    p.luma = q[kImageLuma709] != 0 ? image::Luma::kBt709 : image::Luma::kBt601;
    p.map = map;
    s = src ? image::image_to_tensor(p, reinterpret_cast<const uint8_t*>(src),
                                     reinterpret_cast<float*>(dst))
            : image::check(p);
  } else {
    image::TensorToImageParams p;
    p.width = whole(q[kImageWidth]);
    p.height = whole(q[kImageHeight]);
    p.channels = small(q[kImageChannels]);
    p.layout = layout;
    p.normalize = q[kImageNormalize] != 0;
    p.map = map;
    s = src ? image::tensor_to_image(p, f32(src), reinterpret_cast<uint8_t*>(dst))
            : image::check(p);
  }
  return s.ok() ? val::null() : error_value(s);
}

std::string simd_arch() { return wasmconv::simd_arch_name(); }

// Bytes currently allocated on the wasm heap (for leak checks and memory reporting).
double heap_used() { return static_cast<double>(mallinfo().uordblks); }
void set_memory_limit(double bytes) { wasmconv::set_memory_limit(static_cast<int64_t>(bytes)); }

}  // namespace

EMSCRIPTEN_BINDINGS(wasmconv) {
  emscripten::function("plan", &plan);
  emscripten::function("run", &run);
  emscripten::function("convMatrix", &conv_matrix);
  emscripten::function("receptiveField", &receptive_field);
  emscripten::function("simdArch", &simd_arch);
  emscripten::function("heapUsed", &heap_used);
  emscripten::function("setMemoryLimit", &set_memory_limit);
  emscripten::function("convertImage", &convert_image);
  emscripten::function("startThreads", &start_threads);
  emscripten::function("threadCount", &thread_count);
  emscripten::class_<Layer>("Layer")
      .constructor<>()
      .function("init", &Layer::init)
      .function("plan", &Layer::plan)
      .function("run", &Layer::run);
}
