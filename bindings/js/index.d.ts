// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Types of the public wasmconv API (both the browser and the Node entry points). Every
// declaration carries the documentation an editor shows on hover; tests/js/types-docs.test.mjs
// fails on any undocumented one. The options of each op are typed per rank (1-D, 2-D, 3-D),
// so a per-axis array of the wrong length, or an option the op does not have, fails to
// compile with one error that points at that option.

// ---------------------------------------------------------------------------------------
// Tensors

/**
 * A dense float32 tensor in JS memory, channels-first and row-major (the last axis varies
 * fastest), as PyTorch and ONNX lay them out.
 *
 * - 1-D ops: input `[N, C, L]` (NCL) or, unbatched, `[C, L]`.
 * - 2-D ops: input `[N, C, H, W]` (NCHW) or `[C, H, W]`.
 * - 3-D ops: input `[N, C, D, H, W]` (NCDHW) or `[C, D, H, W]`.
 * - Weights always have rank spatial + 2: `[C_out, C_in / groups, ...kernel]` for a
 *   convolution, `[C_in, C_out / groups, ...kernel]` for a transposed convolution, or in
 *   TF's layout with `weightLayout: 'hwio'` ({@link WeightLayout}).
 *
 * `data.length` must equal the product of `shape`.
 */
export interface Tensor {
  /** The values, row-major: the last axis of `shape` varies fastest. Its length is the product of `shape`. */
  data: Float32Array;
  /** The sizes of the axes, channels-first (see {@link Tensor}): positive integers, except an input's batch N, which may be 0 (an empty result). */
  shape: readonly number[];
}

/**
 * A float32 tensor kept in wasm memory (`wc.createTensor`): copied in once, then read in place
 * by `layer.run(t)` and the stateless functions, with no copy per call; as a run's `output`
 * it is written in place. It exposes no view of wasm memory (growing memory would detach
 * one): `read()` copies the values out. It belongs to the build (`load()` result) that made it.
 */
export interface WasmTensor {
  /** The shape given at creation (a frozen array; still readable after dispose()). */
  readonly shape: readonly number[];
  /**
   * Overwrites the values in place, with no allocation.
   * @param data  exactly as many values as the shape holds (else a WasmconvError).
   */
  write(data: Float32Array): void;
  /** A copy of the values (a new Float32Array, owned by the caller). */
  read(): Float32Array;
  /**
   * Frees its wasm memory; any later use (write, read, as an input or output, a second
   * dispose) throws. A tensor garbage-collected without dispose() is freed too, later and at
   * the collector's discretion.
   */
  dispose(): void;
}

/** An op's input: a tensor in JS memory (copied into wasm memory per call) or one kept in wasm memory (read in place). */
export type Input = Tensor | WasmTensor;

/**
 * Where a run writes its result: a Float32Array of exactly the output's length (one copy out
 * of wasm memory, no allocation) or a wasm tensor of exactly the output's shape (written in
 * place, no copy at all).
 */
export type Output = Float32Array | WasmTensor;

/**
 * What a run returns for the `output` option type `O`: the wasm tensor itself when `output`
 * is one, else a {@link Tensor} (whose `data` is `output` when a Float32Array was given).
 */
export type RunResult<O extends Output> = O extends WasmTensor ? WasmTensor : Tensor;

/**
 * A tensor added to the output before the activation (a skip connection): of exactly the
 * output's shape, a Float32Array of the output's length, a {@link Tensor} or a wasm tensor
 * (read in place, so a skip from an earlier layer's tensor costs no copy). It may be the
 * call's input tensor, but not its `output` tensor.
 */
export type Residual = Float32Array | Tensor | WasmTensor;

/** Options of a run, besides the op's own (the stateless functions take them in the same object). */
export interface RunOptions<O extends Output = Output> {
  /**
   * Where the result goes; default: a new Float32Array.
   *
   * - A Float32Array of exactly the output's length: written and returned as the result's
   *   `data` (one copy out of wasm memory, no allocation).
   * - A wasm tensor (`wc.createTensor`) whose shape is exactly the output's: written in place
   *   and returned, so layers chain with no copy. It cannot be the call's own input.
   */
  output?: O;
  /**
   * Added to every output value after the bias and before the activation:
   * `y = activation(conv(x, w) + bias + residual)`, as the skips of ResNet and MobileNetV2
   * and PyTorch's and TF.js's fused ops order it. Of exactly the output's shape (unbatched
   * for an unbatched input); see {@link Residual}. Default: none.
   */
  residual?: Residual;
}

// ---------------------------------------------------------------------------------------
// Options

/** The number of spatial axes of an op: 1 (conv1d: L), 2 (conv2d: H, W) or 3 (conv3d: D, H, W). */
export type Rank = 1 | 2 | 3;

/**
 * One integer per spatial axis of a rank-`R` op, in axis order: `[L]`, `[H, W]` or
 * `[D, H, W]`. Array literals and readonly tuples (`as const`) fit; a plain `number[]`
 * variable does not, as its length is unknown to the compiler (annotate it as a tuple).
 */
export type AxisTuple<R extends Rank> = readonly number[] & {
  /** The op's rank: one entry per spatial axis. */
  readonly length: R;
};

/** A number applies to every spatial axis; an array gives one entry per axis ({@link AxisTuple}). */
export type PerAxis<R extends Rank = Rank> = number | AxisTuple<R>;

/** A stride: a number for every spatial axis or one per axis ({@link PerAxis}); integers >= 1. */
export type Stride<R extends Rank = Rank> = PerAxis<R>;

/** A dilation: a number for every spatial axis or one per axis ({@link PerAxis}); integers >= 1. */
export type Dilation<R extends Rank = Rank> = PerAxis<R>;

/** A transposed convolution's output padding: a number for every spatial axis or one per axis; `0 <= value < max(stride, dilation)`. */
export type OutputPadding<R extends Rank = Rank> = PerAxis<R>;

/** A transposed convolution's spatial output size: a number for every spatial axis or one per axis (`[L]`, `[H, W]`, `[D, H, W]`). */
export type OutputShape<R extends Rank = Rank> = PerAxis<R>;

/**
 * Explicit padding, possibly asymmetric: `begin` is added before the first element of each
 * axis, `end` after the last (ONNX `pads` = [...begin, ...end]).
 */
export interface PaddingBeginEnd<R extends Rank = Rank> {
  /** Padding before the start of each spatial axis: a number for every axis or one per axis; default 0. */
  begin?: PerAxis<R>;
  /** Padding after the end of each spatial axis: a number for every axis or one per axis; default 0. */
  end?: PerAxis<R>;
}

/**
 * Padding computed from the sizes (ONNX `auto_pad`):
 * - `'valid'`: none.
 * - `'same'` (= `'same_upper'`): convolution output `ceil(input / stride)`, transposed output
 *   `input * stride`; an odd total padding puts the extra unit at the end.
 * - `'same_lower'`: the same sizes, the extra unit at the beginning.
 */
export type AutoPadding = 'valid' | 'same' | 'same_upper' | 'same_lower';

/**
 * Padding, in elements, of every spatial axis:
 * - a number: the same on both ends of every axis (symmetric);
 * - an array `[p_L]`, `[p_H, p_W]` or `[p_D, p_H, p_W]`: one per axis, on both ends;
 * - `{ begin, end }`: each end on its own ({@link PaddingBeginEnd});
 * - `'valid'`, `'same'` (= `'same_upper'`, odd unit at the end) or `'same_lower'` ({@link AutoPadding}).
 *
 * Explicit values are non-negative integers. For a convolution padding adds border elements
 * to the input; for a transposed convolution it crops the full output.
 */
export type Padding<R extends Rank = Rank> = PerAxis<R> | PaddingBeginEnd<R> | AutoPadding;

/**
 * What the padded border of a convolution's input holds (PyTorch's `padding_mode`):
 * - `'zeros'`: zeros (the default);
 * - `'reflect'`: the input mirrored without repeating the edge (padding < input size);
 * - `'replicate'`: the edge element repeated;
 * - `'circular'`: the input wrapped around (padding <= input size).
 */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/**
 * Which C++ path computes: `'auto'` (the fast kernels, the default), `'reference'` (plain
 * loops accumulating in double) or `'simd'` (the simple SIMD path); for testing and
 * teaching. The paths agree up to float rounding.
 */
export type Backend = 'auto' | 'reference' | 'simd';

/** `{ clamp: [min, max] }`: `y = min(max(v, min), max)`; finite numbers with `min <= max` (ReLU6 is `[0, 6]`). */
export interface ClampActivation {
  /** `[min, max]`: the bounds, finite numbers with `min <= max`. */
  clamp: readonly [number, number];
}

/** `{ leakyRelu: alpha }`: `y = v < 0 ? alpha * v : v`; `alpha` finite (PyTorch's default is 0.01). */
export interface LeakyReluActivation {
  /** The slope for negative values, a finite number (PyTorch's `negative_slope`, TF.js's `leakyreluAlpha`). */
  leakyRelu: number;
}

/**
 * The function applied to every output value `v` last, after the bias and the residual
 * (conv -> + bias -> + residual -> activation), computed in float as PyTorch does:
 * - `'relu'`: `v < 0 ? 0 : v`;
 * - `'relu6'`: `min(max(v, 0), 6)`;
 * - `'sigmoid'`: `1 / (1 + exp(-v))`;
 * - `'tanh'`: `tanh(v)`;
 * - `'hardSwish'`: `v * min(max(v + 3, 0), 6) / 6` (PyTorch's `hardswish`);
 * - `'silu'` (swish): `v / (1 + exp(-v))`, i.e. `v * sigmoid(v)`;
 * - `'gelu'`: `v * 0.5 * (1 + erf(v / sqrt(2)))`, the exact erf form (PyTorch's default,
 *   `approximate='none'`; not the tanh approximation);
 * - `{ clamp: [min, max] }` and `{ leakyRelu: alpha }` ({@link ClampActivation}, {@link LeakyReluActivation}).
 *
 * NaN stays NaN; as in PyTorch, hardSwish, silu and gelu of -Infinity are NaN (`-Inf * 0`).
 */
export type Activation =
  | 'relu'
  | 'relu6'
  | 'sigmoid'
  | 'tanh'
  | 'hardSwish'
  | 'silu'
  | 'gelu'
  | ClampActivation
  | LeakyReluActivation;

/**
 * How a weight array is laid out, at every rank (one name for 1-D, 2-D and 3-D; `k...` is
 * `[k]`, `[kh, kw]` or `[kd, kh, kw]`):
 * - `'oihw'` (the default): PyTorch's and ONNX's. Convolution `[C_out, C_in / groups, k...]`,
 *   transposed `[C_in, C_out / groups, k...]`.
 * - `'hwio'`: TF's and Keras'. Convolution `[k..., C_in / groups, C_out]` (`tf.conv2d`'s
 *   filter, Keras' `Conv2D(groups)` kernel); transposed `[k..., C_out / groups, C_in]`
 *   (`tf.conv2dTranspose`'s `[h, w, outDepth, inDepth]`). TF's depthwise filter
 *   `[k..., C_in, multiplier]` (`tf.depthwiseConv2d`, output channel `c * multiplier + m`)
 *   is read as such with `groups` equal to the input's channels C_in; a weight
 *   `[k..., groups, b]` on an input of `groups * groups` channels is Keras' grouped kernel.
 *
 * The weights drop in as the other library holds them: wasmconv permutes them once (a layer
 * when it packs them); the data's layout is the `layout` option ({@link DataLayout}). A weight
 * whose shape contradicts its declared layout but fits the other one fails with an error
 * naming the mix-up and the fix.
 */
export type WeightLayout = 'oihw' | 'hwio';

/**
 * How an op's or layer's data is laid out: its input, its output and the run's `residual`
 * (the weights have their own option, {@link WeightLayout}). One name at every rank (the
 * rank's own names, `'ncl'`, `'nlc'`, `'ncdhw'`, `'ndhwc'`, are refused with the name to use):
 * - `'nchw'` (the default): channels first, `[N, C, ...spatial]` (PyTorch, ONNX; unbatched
 *   `[C, ...spatial]`);
 * - `'nhwc'`: channels last, `[N, ...spatial, C]` (TF, Keras, `wc.fromImage(…, { layout:
 *   'nhwc' })`; unbatched `[...spatial, C]`). The output (and the residual) is `[N,
 *   ...spatial, C_out]`: bitwise the transpose of the `'nchw'` result.
 *
 * An input whose channels fit only the other layout fails with an error naming the mix-up and
 * the fix (`… the input would fit layout: 'nhwc' (channels last, C = 3)`).
 */
export type DataLayout = 'nchw' | 'nhwc';

/** The settings that define a convolution of rank `R` (conv1d, conv2d, conv3d), every one optional. */
export interface ConvGeometry<R extends Rank = Rank> {
  /**
   * Step between neighbouring windows, per spatial axis: a number for every axis or
   * `[s_L]` / `[s_H, s_W]` / `[s_D, s_H, s_W]`. Integers >= 1; default 1.
   */
  stride?: Stride<R>;
  /**
   * Border added to the input; default 0. A number: symmetric, the same on every axis; an
   * array: symmetric, one per axis; `{ begin, end }`: each end apart; `'valid'`: none;
   * `'same'` (= `'same_upper'`): output `ceil(input / stride)`, an odd total puts the extra
   * unit at the end; `'same_lower'`: at the beginning. Explicit values are integers >= 0.
   * Per axis the output size is `floor((input + begin + end - K) / stride) + 1`, with the
   * dilated kernel `K = dilation * (kernel - 1) + 1`, which must fit the padded input.
   */
  padding?: Padding<R>;
  /**
   * Spacing between kernel taps, per spatial axis: a number for every axis or one per
   * axis. Integers >= 1; default 1 (a kernel of size k then spans `dilation * (k - 1) + 1`).
   */
  dilation?: Dilation<R>;
  /**
   * Splits the channels into groups convolved apart: output channel `co` of group `g` sees
   * only the input channels of group `g`. Must divide both C_in (the input's channels, =
   * weight shape[1] * groups) and C_out (weight shape[0]); `groups = C_in` with weights
   * `[C_out, 1, ...kernel]` is a depthwise convolution (any channel multiplier). Default 1.
   */
  groups?: number;
  /**
   * What the padded border holds: `'zeros'` (default), `'reflect'` (mirror without the edge;
   * padding < input size), `'replicate'` (edge repeated) or `'circular'` (wrap; padding <=
   * input size).
   */
  paddingMode?: PaddingMode;
  /**
   * The weight's layout: `'oihw'` (`[C_out, C_in / groups, k...]`, PyTorch and ONNX; the
   * default) or `'hwio'` (`[k..., C_in / groups, C_out]`, TF and Keras; TF's depthwise
   * filter `[k..., C_in, multiplier]` with `groups = C_in`). See {@link WeightLayout}.
   */
  weightLayout?: WeightLayout;
  /**
   * The data's layout: `'nchw'` (channels first, `[N, C, ...spatial]`; the default) or
   * `'nhwc'` (channels last, `[N, ...spatial, C]`), for the input, the output and the
   * residual alike. See {@link DataLayout}.
   */
  layout?: DataLayout;
}

/** The settings that define a transposed convolution of rank `R` (convTranspose1d, 2d, 3d), every one optional. */
export interface ConvTransposeGeometry<R extends Rank = Rank> {
  /**
   * Step between the output windows of neighbouring inputs (the upsampling factor), per
   * spatial axis: a number for every axis or one per axis. Integers >= 1; default 1.
   */
  stride?: Stride<R>;
  /**
   * What is cropped from the full output; default 0. A number: symmetric, the same on every
   * axis; an array: symmetric, one per axis; `{ begin, end }`: each end apart; `'valid'`:
   * nothing cropped; `'same'` (= `'same_upper'`): output `input * stride`, an odd total
   * crop takes the extra unit from the end; `'same_lower'`: from the beginning. Explicit
   * values are integers >= 0. Per axis the output size is
   * `(input - 1) * stride - begin - end + dilation * (kernel - 1) + 1 + outputPadding`.
   * Beside `outputShape` it may only be left out, 0, or `'same'` / `'same_lower'` (which then
   * choose how the derived padding is split); explicit padding or `'valid'` is refused.
   */
  padding?: Padding<R>;
  /** Spacing between kernel taps in the output, per spatial axis: a number for every axis or one per axis. Integers >= 1; default 1. */
  dilation?: Dilation<R>;
  /**
   * Splits the channels into groups: must divide C_in (the input's channels, = weight
   * shape[0]); C_out is weight shape[1] * groups. Default 1.
   */
  groups?: number;
  /**
   * Extra size added at the end of each spatial axis, per axis (a number for every axis or
   * one per axis): integers with `0 <= outputPadding < max(stride, dilation)`; default 0. It
   * picks which of the input sizes that a strided convolution maps onto one output size
   * this op produces (PyTorch's `output_padding`).
   */
  outputPadding?: OutputPadding<R>;
  /**
   * The spatial output size (`[L]`, `[H, W]` or `[D, H, W]`, or a number for every axis;
   * not N or C). The padding is derived from it by ONNX's rule: total = `stride * (input - 1)
   * + outputPadding + K - outputShape` (K the dilated kernel), split `end = floor(total / 2)`,
   * `begin = total - end` (with `padding: 'same'` / `'same_upper'`, `begin = floor(total / 2)`).
   * A negative total grows the output at that end; each size may be at most
   * `(input - 1) * stride + K + max(stride, dilation) - 1`. Unlike PyTorch's `output_size`,
   * it does not keep a padding of yours: to keep one and reach a size, pass `outputPadding`.
   * Default: none (the padding decides).
   */
  outputShape?: OutputShape<R>;
  /** Only `'zeros'` (the default; accepted for symmetry with PyTorch's `ConvTranspose`). */
  paddingMode?: 'zeros';
  /**
   * The weight's layout: `'oihw'` (`[C_in, C_out / groups, k...]`, PyTorch and ONNX; the
   * default) or `'hwio'` (`[k..., C_out / groups, C_in]`, TF's `conv2dTranspose` filter
   * `[h, w, outDepth, inDepth]`). See {@link WeightLayout}.
   */
  weightLayout?: WeightLayout;
  /**
   * The data's layout: `'nchw'` (channels first, `[N, C, ...spatial]`; the default) or
   * `'nhwc'` (channels last, `[N, ...spatial, C]`), for the input, the output and the
   * residual alike. See {@link DataLayout}.
   */
  layout?: DataLayout;
}

/** A convolution layer's options (`createConv1d/2d/3d`): the op's settings and a bias. */
export interface ConvLayerOptions<R extends Rank = Rank> extends ConvGeometry<R> {
  /** Added to every output of its channel: a Float32Array of length C_out (weight shape[0]). Default: no bias. */
  bias?: Float32Array;
  /**
   * Applied to every output value after the bias and the run's `residual`, e.g. `'relu'`,
   * `{ clamp: [0, 6] }` (formulas: {@link Activation}). Default: none.
   */
  activation?: Activation;
}

/** A transposed-convolution layer's options (`createConvTranspose1d/2d/3d`): the op's settings and a bias. */
export interface ConvTransposeLayerOptions<R extends Rank = Rank> extends ConvTransposeGeometry<R> {
  /** Added to every output of its channel: a Float32Array of length C_out (weight shape[1] * groups). Default: no bias. */
  bias?: Float32Array;
  /**
   * Applied to every output value after the bias and the run's `residual`, e.g. `'relu'`,
   * `{ leakyRelu: 0.2 }` (formulas: {@link Activation}). Default: none.
   */
  activation?: Activation;
}

/** Options of `conv1d`, `conv2d` and `conv3d` (rank `R`), every one optional. */
export interface ConvOptions<R extends Rank = Rank> extends ConvLayerOptions<R> {
  /** Which C++ path computes: `'auto'` (fast kernels, default), `'reference'` or `'simd'`. */
  backend?: Backend;
}

/** Options of `convTranspose1d`, `convTranspose2d` and `convTranspose3d` (rank `R`), every one optional. */
export interface ConvTransposeOptions<R extends Rank = Rank> extends ConvTransposeLayerOptions<R> {
  /** Which C++ path computes: `'auto'` (fast kernels, default), `'reference'` or `'simd'`. */
  backend?: Backend;
}

/** Options of the shape helpers for a convolution: the op's settings, and a bias to count. */
export interface ConvShapeOptions<R extends Rank = Rank> extends ConvGeometry<R> {
  /** `true` (or the bias itself) counts a bias of C_out values; default: none. */
  bias?: boolean | Float32Array;
}

/** Options of the shape helpers for a transposed convolution: the op's settings, and a bias to count. */
export interface ConvTransposeShapeOptions<R extends Rank = Rank> extends ConvTransposeGeometry<R> {
  /** `true` (or the bias itself) counts a bias of C_out values; default: none. */
  bias?: boolean | Float32Array;
}

/** The names of the convolutions, as the shape helpers take them. */
export type ConvName = 'conv1d' | 'conv2d' | 'conv3d';
/** The names of the transposed convolutions, as the shape helpers take them. */
export type ConvTransposeName = 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d';
/** An op's name: the name of its function on {@link Wasmconv}. */
export type OpName = ConvName | ConvTransposeName;

/** The rank (number of spatial axes) of the op named `N`. */
export type RankOf<N extends OpName> = N extends 'conv1d' | 'convTranspose1d'
  ? 1
  : N extends 'conv2d' | 'convTranspose2d'
    ? 2
    : 3;

/** The options the shape helpers take for the op named `N` (its rank's tuples, its own options). */
export type ShapeOptions<N extends OpName = OpName> = N extends ConvName
  ? ConvShapeOptions<RankOf<N>>
  : ConvTransposeShapeOptions<RankOf<N>>;

/** The options `convMatrix` takes for the op named `N`: the op's settings, without bias or backend. */
export type GeometryOf<N extends OpName = OpName> = N extends ConvName
  ? ConvGeometry<RankOf<N>>
  : ConvTransposeGeometry<RankOf<N>>;

/** `paramCount`'s options. */
export interface ParamCountOptions {
  /** The op's groups (they change C_in or C_out as read from the weight shape); default 1. */
  groups?: number;
  /** `true` (or the bias itself) counts a bias of C_out values; default: none. */
  bias?: boolean | Float32Array;
  /**
   * The weight shape's layout ({@link WeightLayout}); default `'oihw'`. With no input to
   * tell, an `'hwio'` convolution weight `[k..., groups, M]` counts as TF's depthwise filter
   * (C_out = groups * M).
   */
  weightLayout?: WeightLayout;
}

// ---------------------------------------------------------------------------------------
// Results of the helpers

/** A layer with fixed weights, packed once (`wc.createConv2d(w)` and the others), run on many inputs. */
export interface Layer {
  /**
   * Runs the layer on `x`, of any spatial size (the weights and options are fixed).
   * @param x  `[N, C_in, ...spatial]` or unbatched `[C_in, ...spatial]` (the result is then
   *   unbatched too); a batch N = 0 gives an empty result of the right shape. A wasm tensor
   *   is read in place.
   * @param options  `{ output, residual }`: where the result goes, and a tensor of the
   *   output's shape added before the layer's activation (see {@link RunOptions}).
   * @returns `{ data, shape }` (shape `[N, C_out, ...spatial]`), or the `output` tensor.
   * @example
   * const layer = wc.createConv2d(w, { padding: 1 });
   * const y = layer.run(x);                    // { data, shape }
   * const t = wc.createTensor(x.data, x.shape);
   * const out = wc.createTensor(new Float32Array(y.data.length), y.shape);
   * layer.run(t, { output: out });             // written in wasm memory, returns out
   * const block = wc.createConv2d(w, { padding: 1, activation: 'relu' });
   * block.run(out, { residual: t });           // relu(conv(out) + t): a skip connection
   * layer.dispose();
   */
  run<O extends Output = Float32Array>(x: Input, options?: RunOptions<O>): RunResult<O>;
  /**
   * The shape `run` would return, without computing anything.
   * @param xShape  the input's shape, as `run` takes it (batched or unbatched).
   */
  outputShape(xShape: readonly number[]): number[];
  /**
   * Frees the packed weights and scratch memory; the layer cannot be used afterwards
   * (a second dispose() or a later run() throws). A layer that is garbage-collected without
   * dispose() is freed too, but later and at the collector's discretion.
   */
  dispose(): void;
}

/** One layer of a stack, for `receptiveField` (one spatial axis). */
export interface LayerSpec {
  /** The kernel size, an integer >= 1. */
  kernel: number;
  /** The stride, an integer >= 1; default 1. */
  stride?: number;
  /** The dilation, an integer >= 1; default 1. */
  dilation?: number;
  /** True for a transposed convolution (it divides the jump by its stride); default false. */
  transposed?: boolean;
}

/** The receptive field after one layer of a stack, along one spatial axis. */
export interface ReceptiveField {
  /** Receptive field after this layer, in input pixels. */
  size: number;
  /** Distance in input pixels between neighbouring outputs of this layer (a fraction after a transposed layer). */
  jump: number;
}

/** The dense matrix of an op, as `convMatrix` returns it. */
export interface ConvMatrix {
  /** Row-major, rows x cols: y = M x on the flattened tensors (bias excluded). */
  data: Float32Array;
  /** The number of rows: the output's element count. */
  rows: number;
  /** The number of columns: the input's element count. */
  cols: number;
}

/** The explicit padding per spatial axis, as `wc.padding` resolves it. */
export interface ResolvedPadding {
  /** Padding before each spatial axis, in axis order (transposed, from `outputShape`: may be negative). */
  begin: number[];
  /** Padding after each spatial axis, in axis order (transposed, from `outputShape`: may be negative). */
  end: number[];
}

/** Wasm memory use of a loaded build, in bytes (see `memoryUsage()`). */
export interface MemoryUsage {
  /** Bytes of wasm memory reserved (the size of its linear memory; it only grows). */
  heapBytes: number;
  /** Bytes allocated on its heap right now (tensors, layers, scratch). */
  usedBytes: number;
  /** The cap set by setMemoryLimit(), in bytes; 0 means none. */
  limitBytes: number;
}

// ---------------------------------------------------------------------------------------
// Images (wc.fromImage, wc.toImageData)

/**
 * The instance type of the global class named `K` where the DOM library declares it
 * (projects with `"lib": ["DOM"]`), else `never`: the image types below name browser classes
 * without requiring the DOM library of Node projects.
 */
export type DomInstance<K extends string> = typeof globalThis extends {
  [P in K]: {
    /** The class's prototype, whose type is an instance's. */
    prototype: infer T;
  };
}
  ? T
  : never;

/**
 * Pixels as bytes, in any environment: interleaved, rows top to bottom, 1 (gray), 3 (RGB)
 * or 4 (RGBA) bytes per pixel. An ImageData, or what toImageData returns, is one (4 channels).
 */
export interface ImagePixels {
  /** The bytes: exactly `width * height * channels` of them. A Buffer is a Uint8Array. */
  data: Uint8Array | Uint8ClampedArray;
  /** Pixels per row: a positive integer. */
  width: number;
  /** Rows: a positive integer. */
  height: number;
  /** Bytes per pixel: 1 (gray), 3 (RGB) or 4 (RGBA, the default, as in ImageData). */
  channels?: 1 | 3 | 4;
}

/**
 * What `wc.fromImage` reads. Anywhere: {@link ImagePixels}. In browsers and workers also an
 * ImageData (read directly), and, drawn onto a 2-D canvas and read with getImageData (sRGB,
 * un-premultiplied: semi-transparent pixels lose some precision on the way), an ImageBitmap,
 * HTMLCanvasElement, OffscreenCanvas, HTMLImageElement (loaded: `await img.decode()`),
 * HTMLVideoElement (with a frame: after 'loadeddata') or VideoFrame (its current frame).
 */
export type ImageSource =
  | ImagePixels
  | DomInstance<'ImageData'>
  | DomInstance<'ImageBitmap'>
  | DomInstance<'HTMLCanvasElement'>
  | DomInstance<'OffscreenCanvas'>
  | DomInstance<'HTMLImageElement'>
  | DomInstance<'HTMLVideoElement'>
  | DomInstance<'VideoFrame'>;

/** The tensor's channels: `'rgb'`, `'rgba'` (alpha as a fourth channel) or `'gray'` (the luma). */
export type ImageChannels = 'rgb' | 'rgba' | 'gray';

/**
 * Where a pixel's channels are: `'nchw'` (planes: shape `[1, C, H, W]`, what the convolutions
 * take) or `'nhwc'` (interleaved: `[1, H, W, C]`, what TensorFlow.js and most image libraries
 * use; the ops here take NCHW only, so NHWC is for feeding other libraries).
 */
export type ImageLayout = 'nchw' | 'nhwc';

/**
 * The luma weights of gray from colour, on the gamma-encoded (sRGB) values: `'bt601'`
 * (0.299 R + 0.587 G + 0.114 B, as PIL's convert('L') and OpenCV) or `'bt709'`
 * (0.2126 R + 0.7152 G + 0.0722 B, HDTV and sRGB primaries). A gray pixel keeps its value.
 */
export type Luma = 'bt601' | 'bt709';

/**
 * The map between bytes and values, per tensor channel c:
 * `value = (byte * scale - mean[c]) / std[c]`, and back `byte = (value * std[c] + mean[c]) / scale`.
 */
export interface ImageMap {
  /** Multiplies the bytes first: a finite number > 0 (default 1/255: bytes to 0..1; 1 keeps 0..255). */
  scale?: number;
  /**
   * Subtracted after scaling: one number for every channel, or one per channel in the
   * tensor's channel order (R, G, B, A; one for gray); finite (default 0).
   * ImageNet's: `[0.485, 0.456, 0.406]` with the default scale.
   */
  mean?: number | readonly number[];
  /**
   * Divides last: one number for every channel, or one per channel; finite and > 0 (default 1).
   * ImageNet's: `[0.229, 0.224, 0.225]`.
   */
  std?: number | readonly number[];
}

/** Options of `wc.fromImage`, every one optional. */
export interface FromImageOptions<O extends Output = Output, T extends boolean = boolean> extends ImageMap {
  /** The tensor's channels (default `'rgb'`; `'gray'` for a one-channel source). A source without alpha gives alpha 255. */
  channels?: ImageChannels;
  /** `'nchw'` (default: `[1, C, H, W]`) or `'nhwc'` (`[1, H, W, C]`). */
  layout?: ImageLayout;
  /** The luma weights, with `channels: 'gray'` only (default `'bt601'`). */
  luma?: Luma;
  /**
   * `true`: the result is a tensor in wasm memory (as `createTensor` makes), written there
   * directly with no copy out; dispose() it when done.
   */
  tensor?: T;
  /**
   * Where the values go instead of a new array: a Float32Array of exactly the tensor's length
   * (copied into) or a wasm tensor of exactly its shape (written in place, and returned).
   * Not with `tensor: true`.
   */
  output?: O;
}

/** What `wc.fromImage` returns: a wasm tensor for `tensor: true` or a wasm tensor `output`, else a {@link Tensor}. */
export type FromImageResult<O extends Output, T extends boolean> = T extends true ? WasmTensor : RunResult<O>;

/** RGBA bytes of an image, as ImageData holds them; toImageData's `output`, and its result outside browsers. */
export interface RgbaImage {
  /** `width * height * 4` bytes: R, G, B, A per pixel, rows top to bottom. */
  data: Uint8ClampedArray;
  /** Pixels per row. */
  width: number;
  /** Rows. */
  height: number;
}

/** toImageData's result outside browsers: RGBA bytes with ImageData's fields. */
export interface SrgbImage extends RgbaImage {
  /** The bytes are sRGB, as ImageData's by default. */
  colorSpace: 'srgb';
}

/**
 * What `wc.toImageData` returns without `output`: an ImageData where the environment has the
 * class (browsers, workers; typed so where the DOM library is present), else an
 * {@link SrgbImage} (Node).
 */
export type ImageDataResult = [DomInstance<'ImageData'>] extends [never] ? SrgbImage : DomInstance<'ImageData'>;

/** Options of `wc.toImageData`, every one optional. */
export interface ToImageDataOptions<O extends RgbaImage | undefined = RgbaImage | undefined> extends ImageMap {
  /** How the tensor is laid out: `'nchw'` (default: `[N, C, H, W]` or `[C, H, W]`) or `'nhwc'` (`[N, H, W, C]` or `[H, W, C]`). */
  layout?: ImageLayout;
  /**
   * `true`: map the tensor's smallest finite value to 0 and its largest to 255 (over every
   * channel, so colours keep their balance) instead of scale, mean and std, which must be
   * left out. NaN draws as 0, +Inf as 255, -Inf as 0; a constant tensor draws as 0.
   */
  normalize?: boolean;
  /** Which image of a batch to draw: 0 to N - 1. Required when the batch N is more than 1. */
  index?: number;
  /** An ImageData or {@link RgbaImage} of the same width and height to write into (and return) instead of a new one. */
  output?: O;
}

// ---------------------------------------------------------------------------------------
// The API

/**
 * The API of one loaded build, as `load()` resolves it. The op functions take the input
 * first, then the weights, then one options object (the op's options and `output`).
 */
export interface Wasmconv {
  /** True when a WebAssembly SIMD build (relaxed or not) is loaded. */
  readonly simd: boolean;
  /** True when the relaxed-SIMD build is loaded (fused multiply-add: f32x4.relaxed_madd). */
  readonly relaxed: boolean;
  /** The instruction set of the loaded build: 'wasm-simd128+relaxed-madd', 'wasm-simd128' or 'scalar'. */
  readonly arch: string;
  /**
   * Threads this instance computes on (1: the single-threaded build). Results are bitwise the
   * same for every count. Calls below about half a million multiply-adds stay on one thread.
   */
  readonly threads: number;
  /** Wasm memory of this build, in bytes: reserved (`heapBytes`), allocated now (`usedBytes`), and the cap (`limitBytes`, 0: none). */
  memoryUsage(): MemoryUsage;
  /**
   * Caps the heap bytes this module instance may hold; a call that would go beyond throws a
   * WasmconvError with code 'out_of_memory' instead of growing memory. The instance is
   * shared by every load() of the same build from the same place, so the cap is too.
   * @param bytes  the cap in bytes, a non-negative integer; 0 removes it.
   */
  setMemoryLimit(bytes: number): void;

  /**
   * 1-D convolution (cross-correlation, the kernel is not flipped), as PyTorch's `conv1d`.
   * Output length per axis: `floor((L + begin + end - dilation * (kL - 1) - 1) / stride) + 1`.
   * @param x  input `[N, C_in, L]` (NCL) or unbatched `[C_in, L]`.
   * @param w  weights `[C_out, C_in / groups, kL]`.
   * @param options  the op's options ({@link ConvOptions}) and `output`; all optional.
   * @returns `[N, C_out, L_out]` (or `[C_out, L_out]` for an unbatched input), or the `output` tensor.
   */
  conv1d<O extends Output = Float32Array>(x: Input, w: Tensor, options?: ConvOptions<1> & RunOptions<O>): RunResult<O>;
  /**
   * 2-D convolution (cross-correlation, the kernel is not flipped), as PyTorch's `conv2d`.
   * Output size per axis: `floor((in + begin + end - dilation * (k - 1) - 1) / stride) + 1`.
   * @param x  input `[N, C_in, H, W]` (NCHW) or unbatched `[C_in, H, W]`.
   * @param w  weights `[C_out, C_in / groups, kH, kW]`.
   * @param options  the op's options ({@link ConvOptions}) and `output`; all optional.
   * @returns `[N, C_out, H_out, W_out]` (or `[C_out, H_out, W_out]` for an unbatched input), or the `output` tensor.
   * @example
   * const x = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
   * const w = { data: new Float32Array(9).fill(1 / 9), shape: [1, 1, 3, 3] };
   * const y = wc.conv2d(x, w, { padding: 'same', paddingMode: 'reflect' }); // shape [1, 1, 4, 4]
   * wc.conv2d(x, w, { stride: [2, 1], padding: { begin: [1, 0], end: [1, 0] } }); // [1, 1, 2, 2]
   */
  conv2d<O extends Output = Float32Array>(x: Input, w: Tensor, options?: ConvOptions<2> & RunOptions<O>): RunResult<O>;
  /**
   * 3-D convolution (cross-correlation, the kernel is not flipped), as PyTorch's `conv3d`.
   * Output size per axis: `floor((in + begin + end - dilation * (k - 1) - 1) / stride) + 1`.
   * @param x  input `[N, C_in, D, H, W]` (NCDHW) or unbatched `[C_in, D, H, W]`.
   * @param w  weights `[C_out, C_in / groups, kD, kH, kW]`.
   * @param options  the op's options ({@link ConvOptions}) and `output`; all optional.
   * @returns `[N, C_out, D_out, H_out, W_out]` (or without N for an unbatched input), or the `output` tensor.
   */
  conv3d<O extends Output = Float32Array>(x: Input, w: Tensor, options?: ConvOptions<3> & RunOptions<O>): RunResult<O>;
  /**
   * 1-D transposed convolution (the adjoint of conv1d), as PyTorch's `conv_transpose1d` and
   * ONNX's ConvTranspose. Output length: `(L - 1) * stride - begin - end + dilation * (kL - 1) + 1 + outputPadding`.
   * @param x  input `[N, C_in, L]` (NCL) or unbatched `[C_in, L]`.
   * @param w  weights `[C_in, C_out / groups, kL]` (PyTorch and ONNX layout).
   * @param options  the op's options ({@link ConvTransposeOptions}) and `output`; all optional.
   * @returns `[N, C_out, L_out]` (or `[C_out, L_out]` for an unbatched input), or the `output` tensor.
   */
  convTranspose1d<O extends Output = Float32Array>(x: Input, w: Tensor, options?: ConvTransposeOptions<1> & RunOptions<O>): RunResult<O>;
  /**
   * 2-D transposed convolution (the adjoint of conv2d), as PyTorch's `conv_transpose2d` and
   * ONNX's ConvTranspose. Output size per axis: `(in - 1) * stride - begin - end + dilation * (k - 1) + 1 + outputPadding`.
   * @param x  input `[N, C_in, H, W]` (NCHW) or unbatched `[C_in, H, W]`.
   * @param w  weights `[C_in, C_out / groups, kH, kW]` (PyTorch and ONNX layout).
   * @param options  the op's options ({@link ConvTransposeOptions}) and `output`; all optional.
   * @returns `[N, C_out, H_out, W_out]` (or `[C_out, H_out, W_out]` for an unbatched input), or the `output` tensor.
   * @example
   * const x = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
   * const w = { data: new Float32Array(16).fill(0.25), shape: [1, 1, 4, 4] };
   * wc.convTranspose2d(x, w, { stride: 2, padding: 1 }).shape;        // [1, 1, 8, 8]
   * wc.convTranspose2d(x, w, { stride: 2, outputShape: [9, 9] }).shape; // [1, 1, 9, 9]
   * wc.convTranspose2d(x, w, { stride: 2, padding: 'same' }).shape;   // [1, 1, 8, 8]: input x stride
   */
  convTranspose2d<O extends Output = Float32Array>(x: Input, w: Tensor, options?: ConvTransposeOptions<2> & RunOptions<O>): RunResult<O>;
  /**
   * 3-D transposed convolution (the adjoint of conv3d), as PyTorch's `conv_transpose3d` and
   * ONNX's ConvTranspose. Output size per axis: `(in - 1) * stride - begin - end + dilation * (k - 1) + 1 + outputPadding`.
   * @param x  input `[N, C_in, D, H, W]` (NCDHW) or unbatched `[C_in, D, H, W]`.
   * @param w  weights `[C_in, C_out / groups, kD, kH, kW]` (PyTorch and ONNX layout).
   * @param options  the op's options ({@link ConvTransposeOptions}) and `output`; all optional.
   * @returns `[N, C_out, D_out, H_out, W_out]` (or without N for an unbatched input), or the `output` tensor.
   */
  convTranspose3d<O extends Output = Float32Array>(x: Input, w: Tensor, options?: ConvTransposeOptions<3> & RunOptions<O>): RunResult<O>;

  /**
   * Copies `data` into wasm memory once, as a tensor of `shape`, for use as an input (read in
   * place, no copy per call) or as a run's `output` (written in place). Counted by
   * memoryUsage() and setMemoryLimit() like every other allocation.
   * @param data  the values, row-major; exactly as many as `shape` holds.
   * @param shape  its sizes, non-negative integers (a 0 gives a tensor of no values, e.g. for
   *   an empty batch); copied and frozen.
   * @example
   * const t = wc.createTensor(x.data, [1, 3, 64, 64]);
   * const y = wc.conv2d(t, w, { padding: 1 });   // reads t in place
   * t.write(nextFrame);                           // same length, no allocation
   * const values = t.read();                      // a copy
   * t.dispose();
   */
  createTensor(data: Float32Array, shape: readonly number[]): WasmTensor;

  /**
   * An image as a float tensor, converted in wasm (SIMD, one pass over the pixels):
   * `value = (byte * scale - mean[c]) / std[c]` per channel, default scale 1/255 (values 0..1).
   * Browser sources are read through a 2-D canvas (getImageData). Shape `[1, C, H, W]`
   * (`layout: 'nhwc'`: `[1, H, W, C]`), C 3 for `'rgb'`, 4 for `'rgba'`, 1 for `'gray'`.
   * @param source  the pixels ({@link ImageSource}): ImageData, a canvas, an image, a video, an ImageBitmap, or `{ data, width, height, channels }` bytes anywhere.
   * @param options  channels, layout, scale, mean, std, luma, tensor, output ({@link FromImageOptions}); all optional.
   * @returns a new {@link Tensor}, or a wasm tensor (`tensor: true`, or a wasm tensor `output`).
   * @example
   * const x = wc.fromImage(img, { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
   * const y = wc.conv2d(x, w, { padding: 1 });            // x: [1, 3, H, W]
   * const t = wc.fromImage(video, { tensor: true });      // in wasm memory: no copy out
   * const gray = wc.fromImage({ data: bytes, width: 4, height: 2, channels: 1 }, { scale: 1 });
   */
  fromImage<O extends Output = Float32Array, T extends boolean = false>(source: ImageSource, options?: FromImageOptions<O, T>): FromImageResult<O, T>;
  /**
   * A tensor as RGBA bytes, converted in wasm (SIMD): the inverse of fromImage's map,
   * `byte = (value * std[c] + mean[c]) / scale`, then NaN -> 0, clamped to 0..255 and rounded
   * to nearest, ties to even (what storing into a Uint8ClampedArray does); or, with
   * `normalize`, the tensor's min..max to 0..255. 1 channel draws as gray (R = G = B), 3 as
   * RGB; alpha is 255 unless the tensor has a fourth channel. Round trips through fromImage
   * with the same options give back the same bytes.
   * @param tensor  `[N, C, H, W]` or `[C, H, W]` (`layout: 'nhwc'`: `[N, H, W, C]` or `[H, W, C]`), C 1, 3 or 4, as a {@link Tensor} or a wasm tensor (read in place); a batch of more than 1 needs `index`.
   * @param options  layout, scale, mean, std, normalize, index, output ({@link ToImageDataOptions}); all optional.
   * @returns an ImageData in browsers and workers, else `{ data, width, height, colorSpace: 'srgb' }`; or `output`, filled.
   * @example
   * const image = wc.toImageData(y, { normalize: true });  // any range to 0..255
   * canvas.getContext('2d').putImageData(image, 0, 0);
   * wc.toImageData(batch, { index: 2, layout: 'nhwc', output: image });  // reuse it
   */
  toImageData<O extends RgbaImage | undefined = undefined>(tensor: Input, options?: ToImageDataOptions<O>): O extends RgbaImage ? O : ImageDataResult;

  /**
   * A 1-D convolution layer: `w` and `options` are checked and packed once, then
   * `layer.run(x)` takes inputs of any length.
   * @param w  weights `[C_out, C_in / groups, kL]`.
   * @param options  the op's options and bias ({@link ConvLayerOptions}); layers always run the fast kernels.
   */
  createConv1d(w: Tensor, options?: ConvLayerOptions<1>): Layer;
  /**
   * A 2-D convolution layer: `w` and `options` are checked and packed once, then
   * `layer.run(x)` takes inputs of any size.
   * @param w  weights `[C_out, C_in / groups, kH, kW]`.
   * @param options  the op's options and bias ({@link ConvLayerOptions}); layers always run the fast kernels.
   * @example
   * const layer = wc.createConv2d(w, { padding: 'same', bias });
   * const y = layer.run(x);                       // x: [N, C_in, H, W] or [C_in, H, W]
   * const output = new Float32Array(y.data.length);
   * layer.run(x, { output });                     // into your array, no allocation
   * layer.dispose();
   */
  createConv2d(w: Tensor, options?: ConvLayerOptions<2>): Layer;
  /**
   * A 3-D convolution layer: `w` and `options` are checked and packed once, then
   * `layer.run(x)` takes inputs of any size.
   * @param w  weights `[C_out, C_in / groups, kD, kH, kW]`.
   * @param options  the op's options and bias ({@link ConvLayerOptions}); layers always run the fast kernels.
   */
  createConv3d(w: Tensor, options?: ConvLayerOptions<3>): Layer;
  /**
   * A 1-D transposed-convolution layer: `w` and `options` are checked and packed once, then
   * `layer.run(x)` takes inputs of any length.
   * @param w  weights `[C_in, C_out / groups, kL]`.
   * @param options  the op's options and bias ({@link ConvTransposeLayerOptions}); layers always run the fast kernels.
   */
  createConvTranspose1d(w: Tensor, options?: ConvTransposeLayerOptions<1>): Layer;
  /**
   * A 2-D transposed-convolution layer: `w` and `options` are checked and packed once, then
   * `layer.run(x)` takes inputs of any size.
   * @param w  weights `[C_in, C_out / groups, kH, kW]`.
   * @param options  the op's options and bias ({@link ConvTransposeLayerOptions}); layers always run the fast kernels.
   */
  createConvTranspose2d(w: Tensor, options?: ConvTransposeLayerOptions<2>): Layer;
  /**
   * A 3-D transposed-convolution layer: `w` and `options` are checked and packed once, then
   * `layer.run(x)` takes inputs of any size.
   * @param w  weights `[C_in, C_out / groups, kD, kH, kW]`.
   * @param options  the op's options and bias ({@link ConvTransposeLayerOptions}); layers always run the fast kernels.
   */
  createConvTranspose3d(w: Tensor, options?: ConvTransposeLayerOptions<3>): Layer;

  /**
   * The output shape `[N, C_out, ...spatial]` of an op (without N for an unbatched input),
   * without computing anything (the shapes and options are checked as the op checks them).
   * @param op  the op's name, such as 'convTranspose2d'; the options follow its rank.
   * @param xShape  the input's shape `[N, C_in, ...spatial]` or unbatched `[C_in, ...spatial]`.
   * @param wShape  the weights' shape (the op's layout).
   * @param options  the op's options; `bias` may be `true`.
   */
  outputShape<N extends OpName>(op: N, xShape: readonly number[], wShape: readonly number[], options?: ShapeOptions<N>): number[];
  /**
   * Multiply-accumulates of the dense formula: every tap of every output, padding taps
   * included, for a convolution; every input times every tap for a transposed one.
   * @param op  the op's name, such as 'conv2d'; the options follow its rank.
   * @param xShape  the input's shape `[N, C_in, ...spatial]` or unbatched `[C_in, ...spatial]`.
   * @param wShape  the weights' shape (the op's layout).
   * @param options  the op's options.
   */
  macs<N extends OpName>(op: N, xShape: readonly number[], wShape: readonly number[], options?: ShapeOptions<N>): number;
  /**
   * The begin / end padding per spatial axis after 'same', 'valid' or `outputShape` are
   * resolved (transposed: the padding that, with the same `outputPadding`, gives the same
   * op; from `outputShape` it may be negative, meaning the output grows at that end).
   * @param op  the op's name, such as 'conv2d'; the options follow its rank.
   * @param xShape  the input's shape `[N, C_in, ...spatial]` or unbatched `[C_in, ...spatial]`.
   * @param wShape  the weights' shape (the op's layout).
   * @param options  the op's options.
   */
  padding<N extends OpName>(op: N, xShape: readonly number[], wShape: readonly number[], options?: ShapeOptions<N>): ResolvedPadding;
  /**
   * The number of parameters: weights plus bias (when `bias` is true or a Float32Array).
   * @param op  the op's name, such as 'conv2d'.
   * @param wShape  the weights' shape (the op's layout; its rank must be the op's + 2).
   * @param options  `groups` and `bias`.
   */
  paramCount(op: OpName, wShape: readonly number[], options?: ParamCountOptions): number;
  /**
   * Receptive field and jump after each layer of a stack, along one spatial axis.
   * @param layers  the stack, first layer first.
   * @returns one entry per layer.
   */
  receptiveField(layers: readonly LayerSpec[]): ReceptiveField[];
  /**
   * The dense matrix M of the op, y = M x on the flattened tensors (bias excluded; at most
   * 2^22 entries): for a transposed op, the transpose of the matching convolution's matrix.
   * @param op  the op's name, such as 'convTranspose1d'; the options follow its rank.
   * @param xShape  the input's shape, usually batch 1 (`[1, C_in, ...spatial]`) or unbatched (`[C_in, ...spatial]`).
   * @param w  the weights (the op's layout).
   * @param options  the op's options, without bias or backend.
   */
  convMatrix<N extends OpName>(op: N, xShape: readonly number[], w: Tensor, options?: GeometryOf<N>): ConvMatrix;
}

/** Options of `load()`, every one optional. */
export interface LoadOptions {
  /**
   * `'auto'` (default): a SIMD build where this engine validates WebAssembly SIMD, else the
   * scalar build. `false`: the scalar build. `true`: a SIMD build or an error.
   */
  simd?: boolean | 'auto';
  /**
   * `'auto'` (default): the relaxed-SIMD build (fused multiply-add) where relaxed SIMD
   * validates, if a SIMD build is chosen. `false`: the plain SIMD build, whose results do not
   * depend on whether the CPU fuses. `true`: relaxed SIMD or an error (not with `simd: false`).
   */
  relaxed?: boolean | 'auto';
  /**
   * `'auto'` (default): the threaded build where it can run (Node, and cross-origin isolated
   * pages and their workers: served with `Cross-Origin-Opener-Policy: same-origin` and
   * `Cross-Origin-Embedder-Policy: require-corp`) on min(logical cores, 8) threads; elsewhere,
   * and with `simd: false`, `wasmBinary` or `wasmUrl`, the single-threaded build, silently.
   * A number from 2 to 64: exactly that many threads, or an error naming why threads cannot
   * run here. `1`: the single-threaded build. Results do not depend on the count.
   */
  threads?: 'auto' | number;
  /**
   * The .wasm bytes of the build that `simd` / `relaxed` choose, for hosts that cannot serve
   * the file (pin the build with `simd` / `relaxed` so that the bytes match it). Takes
   * precedence over `wasmUrl` and `wasmPath`; the same bytes object gives the same instance.
   */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /**
   * The chosen build's .wasm file itself (CDNs, strict hosting). In browsers a URL or URL
   * string, relative ones resolved against the page (or worker); in Node a filesystem path
   * (relative to the working directory) or a `file:` URL: Node reads files, so for http(s)
   * fetch the bytes and pass `wasmBinary`. Takes precedence over `wasmPath`.
   */
  wasmUrl?: string | URL;
  /**
   * A folder holding wasmconv-relaxed.wasm, wasmconv-simd.wasm and wasmconv-scalar.wasm (the
   * chosen build's file name is appended). In browsers a URL or URL string (relative ones
   * resolved against the page); in Node a plain filesystem path (relative to the working
   * directory) or a `file:` URL.
   */
  wasmPath?: string | URL;
}

/**
 * Loads wasmconv and resolves to its API: the relaxed-SIMD build where the engine validates
 * relaxed SIMD (Chromium 114+, Node 22+), else the SIMD build, else the scalar build.
 * Each build is instantiated once per location: load() with the same options resolves to
 * the same instance (one heap, one memory limit); a failed load is not cached. Rejects with
 * a WasmconvError: code 'invalid_argument' for unknown or malformed options or a build the
 * engine lacks, 'load_failed' when the .wasm cannot be read, fetched or instantiated (the
 * message names the file or URL and the fix).
 * @param options  which build and where its .wasm comes from ({@link LoadOptions}); all optional.
 * @example
 * import { load } from 'wasmconv';
 * const wc = await load();                     // the best build this engine runs
 * const exact = await load({ relaxed: false }); // results independent of FMA hardware
 * const one = await load({ threads: 1 });       // the single-threaded build
 * const cdn = await load({ wasmPath: 'https://cdn.example/wasmconv/' }); // in a browser
 * const disk = await load({ wasmPath: './public/wasm' });                 // in Node
 * console.log(wc.arch, wc.memoryUsage().usedBytes);
 */
export function load(options?: LoadOptions): Promise<Wasmconv>;
/** True when this engine validates WebAssembly SIMD (fixed-width, 128-bit). */
export function simdSupported(): boolean;
/**
 * True when this engine validates relaxed SIMD's f32x4.relaxed_madd (and WebAssembly SIMD):
 * Chromium 114+, Node 22+, Node 20 with --experimental-wasm-relaxed-simd.
 */
export function relaxedSimdSupported(): boolean;

/**
 * Why a WasmconvError was thrown: `'invalid_argument'` (a parameter breaks a rule; the
 * message names it, its value and the rule), `'out_of_memory'` (wasm memory or the
 * setMemoryLimit() cap is exhausted) or `'load_failed'` (the .wasm could not be loaded);
 * from wasmconv/worker also `'terminated'` (terminate() was called) or `'worker_error'`
 * (the worker died, could not start, or its answer could not be received).
 */
export type WasmconvErrorCode = 'invalid_argument' | 'out_of_memory' | 'load_failed' | 'terminated' | 'worker_error';

/**
 * The error every function throws (or load() rejects with) for invalid input, exhausted
 * memory or a failed load. The message starts with the function's name, e.g.
 * `conv2d: dilated kernel 9 is larger than padded input 7 on axis H`; the module stays
 * usable afterwards.
 */
export class WasmconvError extends Error {
  /** What kind of failure this is ({@link WasmconvErrorCode}). */
  readonly code: WasmconvErrorCode;
}
