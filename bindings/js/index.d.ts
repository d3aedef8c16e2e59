// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Types of the public wasmconv API (both the browser and the Node entry points).

/** A dense float32 tensor, channels-first: [N, C, L], [N, C, H, W] or [N, C, D, H, W]. */
export interface Tensor {
  data: Float32Array;
  shape: readonly number[];
}

/**
 * A float32 tensor kept in wasm memory (`wc.createTensor`): copied in once, then read in place
 * by `layer.run(t)` and the stateless functions, with no copy per call. It exposes no view of
 * wasm memory (growing memory would detach one): `read()` copies the values out.
 */
export interface WasmTensor {
  /** The shape given at creation (frozen; still readable after dispose()). */
  readonly shape: readonly number[];
  /** Overwrites the values in place; `data` must have exactly as many values. */
  write(data: Float32Array): void;
  /** A copy of the values, owned by the caller. */
  read(): Float32Array;
  /**
   * Frees its wasm memory; any later use (write, read, run, a second dispose) throws. A tensor
   * garbage-collected without dispose() is freed too, later and at the collector's discretion.
   */
  dispose(): void;
}

/** An input: a tensor in JS memory (copied in per call) or one kept in wasm memory. */
export type Input = Tensor | WasmTensor;

/** Options of a run, besides the op's own. */
export interface RunOptions {
  /**
   * A Float32Array of exactly the output's length, written in place and returned as the
   * result's `data` (one copy out of wasm memory, no allocation).
   */
  output?: Float32Array;
}

/**
 * Options of a run into a wasm tensor (`wc.createTensor`) whose shape is the output's: the
 * result is written there in place and the call returns that tensor (no copy out of wasm
 * memory at all), so layers chain without copies. It cannot be the call's own input.
 */
export interface TensorRunOptions {
  output: WasmTensor;
}

/** A number applies to every spatial axis; an array gives one entry per axis. */
export type PerAxis = number | readonly number[];

/**
 * Padding: a number or per-axis array (symmetric), explicit `{ begin, end }` per axis, or a
 * mode. 'same' is 'same_upper'. For transposed convolution 'same_*' means output = input x
 * stride (ONNX auto_pad); its padding crops the full output.
 */
export type Padding =
  | PerAxis
  | { begin?: PerAxis; end?: PerAxis }
  | 'valid'
  | 'same'
  | 'same_upper'
  | 'same_lower';

/** What the padded border of a convolution's input holds (PyTorch's padding_mode). */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Which C++ path computes: the fast kernels (default), the plain reference, or the simple SIMD path. */
export type Backend = 'auto' | 'reference' | 'simd';

export interface ConvOptions {
  bias?: Float32Array;
  stride?: PerAxis;
  padding?: Padding;
  dilation?: PerAxis;
  groups?: number;
  paddingMode?: PaddingMode;
  backend?: Backend;
}

export interface ConvTransposeOptions {
  bias?: Float32Array;
  stride?: PerAxis;
  padding?: Padding;
  dilation?: PerAxis;
  groups?: number;
  /** Extra size at the end of each axis, 0 <= outputPadding < max(stride, dilation). */
  outputPadding?: PerAxis;
  /** The spatial output size; the padding is derived from it by ONNX's rule. */
  outputShape?: PerAxis;
  backend?: Backend;
}

/** Options of the shape helpers: like the op's options, with `bias: true` to count a bias. */
export type ShapeOptions<O> = Omit<O, 'bias' | 'backend'> & { bias?: boolean | Float32Array };

export type ConvName = 'conv1d' | 'conv2d' | 'conv3d';
export type ConvTransposeName = 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d';
export type OpName = ConvName | ConvTransposeName;
type OptionsOf<N extends OpName> = N extends ConvName ? ConvOptions : ConvTransposeOptions;

/** A layer with fixed weights, packed once, run on many inputs. */
export interface Layer {
  run(x: Input, options: TensorRunOptions): WasmTensor;
  run(x: Input, options?: RunOptions): Tensor;
  outputShape(xShape: readonly number[]): number[];
  /**
   * Frees the packed weights and scratch memory; the layer cannot be used afterwards
   * (a second dispose() or a later run() throws). A layer that is garbage-collected without
   * dispose() is freed too, but later and at the collector's discretion.
   */
  dispose(): void;
}

export interface LayerSpec {
  kernel: number;
  stride?: number;
  dilation?: number;
  transposed?: boolean;
}

export interface ReceptiveField {
  /** Receptive field after this layer, in input pixels. */
  size: number;
  /** Distance in input pixels between neighbouring outputs of this layer. */
  jump: number;
}

export interface ConvMatrix {
  /** Row-major, rows x cols: y = M x on the flattened tensors (bias excluded). */
  data: Float32Array;
  rows: number;
  cols: number;
}

export interface Wasmconv {
  /** True when a WebAssembly SIMD build (relaxed or not) is loaded. */
  readonly simd: boolean;
  /** True when the relaxed-SIMD build is loaded (fused multiply-add: f32x4.relaxed_madd). */
  readonly relaxed: boolean;
  /** The instruction set of the loaded build: 'wasm-simd128+relaxed-madd', 'wasm-simd128' or 'scalar'. */
  readonly arch: string;
  /** Bytes of wasm memory reserved, bytes allocated on its heap right now, and the limit (0: none). */
  memoryUsage(): { heapBytes: number; usedBytes: number; limitBytes: number };
  /**
   * Caps the heap bytes this module instance may hold; a call that would go beyond throws a
   * WasmconvError with code 'out_of_memory' instead of growing memory. 0 removes the cap.
   * The instance is shared by every load() of the same build, so the cap is too.
   */
  setMemoryLimit(bytes: number): void;

  conv1d(x: Input, w: Tensor, options: ConvOptions & TensorRunOptions): WasmTensor;
  conv1d(x: Input, w: Tensor, options?: ConvOptions & RunOptions): Tensor;
  conv2d(x: Input, w: Tensor, options: ConvOptions & TensorRunOptions): WasmTensor;
  conv2d(x: Input, w: Tensor, options?: ConvOptions & RunOptions): Tensor;
  conv3d(x: Input, w: Tensor, options: ConvOptions & TensorRunOptions): WasmTensor;
  conv3d(x: Input, w: Tensor, options?: ConvOptions & RunOptions): Tensor;
  convTranspose1d(x: Input, w: Tensor, options: ConvTransposeOptions & TensorRunOptions): WasmTensor;
  convTranspose1d(x: Input, w: Tensor, options?: ConvTransposeOptions & RunOptions): Tensor;
  convTranspose2d(x: Input, w: Tensor, options: ConvTransposeOptions & TensorRunOptions): WasmTensor;
  convTranspose2d(x: Input, w: Tensor, options?: ConvTransposeOptions & RunOptions): Tensor;
  convTranspose3d(x: Input, w: Tensor, options: ConvTransposeOptions & TensorRunOptions): WasmTensor;
  convTranspose3d(x: Input, w: Tensor, options?: ConvTransposeOptions & RunOptions): Tensor;

  /**
   * Copies `data` into wasm memory once, as a tensor of `shape` (data.length values); counted
   * by memoryUsage() and setMemoryLimit() like every other allocation.
   */
  createTensor(data: Float32Array, shape: readonly number[]): WasmTensor;

  createConv1d(w: Tensor, options?: Omit<ConvOptions, 'backend'>): Layer;
  createConv2d(w: Tensor, options?: Omit<ConvOptions, 'backend'>): Layer;
  createConv3d(w: Tensor, options?: Omit<ConvOptions, 'backend'>): Layer;
  createConvTranspose1d(w: Tensor, options?: Omit<ConvTransposeOptions, 'backend'>): Layer;
  createConvTranspose2d(w: Tensor, options?: Omit<ConvTransposeOptions, 'backend'>): Layer;
  createConvTranspose3d(w: Tensor, options?: Omit<ConvTransposeOptions, 'backend'>): Layer;

  /** The output shape [N, C_out, ...spatial], without computing anything. */
  outputShape<N extends OpName>(
    op: N,
    xShape: readonly number[],
    wShape: readonly number[],
    options?: ShapeOptions<OptionsOf<N>>,
  ): number[];
  /** Multiply-accumulates of the dense formula. */
  macs<N extends OpName>(
    op: N,
    xShape: readonly number[],
    wShape: readonly number[],
    options?: ShapeOptions<OptionsOf<N>>,
  ): number;
  /**
   * The begin / end padding per spatial axis after 'same', 'valid' or `outputShape` are
   * resolved (transposed: the padding that, with the same `outputPadding`, gives the same
   * op; from `outputShape` it may be negative, meaning the output grows at that end).
   */
  padding<N extends OpName>(
    op: N,
    xShape: readonly number[],
    wShape: readonly number[],
    options?: ShapeOptions<OptionsOf<N>>,
  ): { begin: number[]; end: number[] };
  /** Weights plus bias (when `bias` is true or a Float32Array). */
  paramCount(op: OpName, wShape: readonly number[], options?: { groups?: number; bias?: boolean | Float32Array }): number;
  /** Receptive field and jump after each layer of a stack. */
  receptiveField(layers: readonly LayerSpec[]): ReceptiveField[];
  /** The dense matrix of the op for batch 1 (at most 2^22 entries). */
  convMatrix<N extends OpName>(
    op: N,
    xShape: readonly number[],
    w: Tensor,
    options?: Omit<OptionsOf<N>, 'bias' | 'backend'>,
  ): ConvMatrix;
}

export interface LoadOptions {
  /** 'auto' (default): SIMD where WebAssembly SIMD validates. */
  simd?: boolean | 'auto';
  /**
   * 'auto' (default): the relaxed-SIMD build (fused multiply-add) where relaxed SIMD validates,
   * if a SIMD build is chosen. false: the plain SIMD build, whose results do not depend on
   * whether the CPU fuses. true: relaxed SIMD or an error.
   */
  relaxed?: boolean | 'auto';
  /** The .wasm bytes of the chosen build, for hosts that cannot serve the file. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where the chosen build's .wasm is served from (CDNs, strict hosting). */
  wasmUrl?: string | URL;
  /** A folder (URL prefix) holding wasmconv-relaxed.wasm, wasmconv-simd.wasm and wasmconv-scalar.wasm. */
  wasmPath?: string | URL;
}

/** Loads (once per build) and returns the API. */
export function load(options?: LoadOptions): Promise<Wasmconv>;
/** True when this engine validates WebAssembly SIMD. */
export function simdSupported(): boolean;
/** True when this engine validates relaxed SIMD's f32x4.relaxed_madd (and WebAssembly SIMD). */
export function relaxedSimdSupported(): boolean;

export class WasmconvError extends Error {
  readonly code: 'invalid_argument' | 'out_of_memory' | 'load_failed';
}
