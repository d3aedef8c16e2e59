// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Types of wasmconv/worker: loadInWorker() gives the API of load() (index.d.ts) with every
// method returning a Promise, computed in a worker. The types are derived from index.d.ts's
// (Promised<T>, the op and layer option types) rather than written out again, so that the
// two APIs cannot drift apart; only what differs (handles, run options, terminate) is here.

import type {
  ConvName, ConvOptions, ConvTransposeOptions, Layer, LoadOptions, OpName, RankOf, Tensor, WasmTensor, Wasmconv,
} from './index.js';

export { WasmconvError } from './index.js';
export type { LoadOptions, Tensor, WasmconvErrorCode } from './index.js';

/**
 * `T` with every method returning a Promise of what it returns, resolved with the worker's
 * answer; plain properties stay as they are. (A generic method keeps its parameters'
 * constraints, not its type parameters.)
 */
export type Promised<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : T[K];
};

/**
 * A tensor held in the worker's wasm memory (`wc.createTensor`): the methods of a
 * {@link WasmTensor}, each returning a Promise. `shape` is a plain (frozen) array. It belongs
 * to the worker that made it; after `dispose()` it is rejected as on the main thread.
 */
export interface WorkerTensor extends Promised<WasmTensor> {}

/** An op's input in the worker: a tensor in JS memory (copied, or moved with `transfer`) or a {@link WorkerTensor} (read in place). */
export type WorkerInput = Tensor | WorkerTensor;

/**
 * Where a run writes its result: a Float32Array of the output's length (filled when the
 * Promise resolves: one copy on the caller's thread) or a {@link WorkerTensor} of the
 * output's shape (written in the worker, no copy).
 */
export type WorkerOutput = Float32Array | WorkerTensor;

/** What a run resolves to for the `output` option type `O`: the worker tensor itself, else a {@link Tensor}. */
export type WorkerRunResult<O extends WorkerOutput> = O extends WorkerTensor ? WorkerTensor : Tensor;

/** Options of a run in the worker, besides the op's own (the stateless functions take them in the same object). */
export interface WorkerRunOptions<O extends WorkerOutput = WorkerOutput> {
  /**
   * Where the result goes; default: a new Float32Array, moved from the worker (no copy).
   * A Float32Array is filled and returned as the result's `data`; a {@link WorkerTensor} is
   * written in place and returned.
   */
  output?: O;
  /**
   * Added to every output value after the bias and before the activation, of the output's
   * shape: a Float32Array, a {@link Tensor} or a {@link WorkerTensor} (see index.d.ts's `RunOptions`).
   */
  residual?: Float32Array | Tensor | WorkerTensor;
}

/** The options of the op named `N` (its rank's tuples, its own options), as index.d.ts types them. */
export type OpOptions<N extends OpName> = N extends ConvName ? ConvOptions<RankOf<N>> : ConvTransposeOptions<RankOf<N>>;

/** The names of the layer factories: `createConv2d` and the other five. */
export type LayerFactoryName = `create${Capitalize<OpName>}`;

/** A layer held in the worker (`wc.createConv2d(w)` and the others): {@link Layer}'s methods, each returning a Promise. */
export interface WorkerLayer extends Omit<Promised<Layer>, 'run'> {
  /**
   * Runs the layer on `x` in the worker (see {@link Layer.run}).
   * @param x  `[N, C_in, ...spatial]` or unbatched `[C_in, ...spatial]`: a tensor, or a worker tensor read in place.
   * @param options  `{ output, residual }` ({@link WorkerRunOptions}).
   * @returns a Promise of `{ data, shape }`, or of the `output` tensor.
   */
  run<O extends WorkerOutput = Float32Array>(x: WorkerInput, options?: WorkerRunOptions<O>): Promise<WorkerRunResult<O>>;
}

/** The six ops (`conv1d` ... `convTranspose3d`), each taking worker tensors too and returning a Promise. */
export type WorkerOps = {
  [K in keyof Pick<Wasmconv, OpName>]: <O extends WorkerOutput = Float32Array>(
    x: WorkerInput, w: Tensor, options?: OpOptions<K> & WorkerRunOptions<O>) => Promise<WorkerRunResult<O>>;
};

/** The six layer factories, each resolving to a {@link WorkerLayer}. */
export type WorkerLayerFactories = {
  [K in keyof Pick<Wasmconv, LayerFactoryName>]: (...args: Parameters<Wasmconv[K]>) => Promise<WorkerLayer>;
};

/**
 * The API of load() (see {@link Wasmconv}) running in a worker, as `loadInWorker()` resolves
 * it: `simd`, `relaxed`, `threads` and `arch` are plain values; every method returns a
 * Promise, and calls are answered in the order they were made. Errors reject the Promise with
 * a WasmconvError of the same message and code as on the main thread.
 */
export interface WasmconvInWorker
  extends Promised<Omit<Wasmconv, OpName | LayerFactoryName | 'createTensor'>>, WorkerOps, WorkerLayerFactories {
  /**
   * Copies `data` into the worker's wasm memory as a tensor of `shape` (see {@link Wasmconv.createTensor}).
   * @param data  the values, row-major; exactly as many as `shape` holds (moved with `transfer: true`).
   * @param shape  its sizes, non-negative integers.
   */
  createTensor(data: Float32Array, shape: readonly number[]): Promise<WorkerTensor>;
  /**
   * Ends the worker: pending calls reject, and every later call (on this API or its layers
   * and tensors) rejects with a WasmconvError of code `'terminated'`. Resolves once the worker
   * is gone; calling it again does nothing.
   */
  terminate(): Promise<void>;
}

/** Options of `loadInWorker()`: load()'s, and how inputs reach the worker. */
export interface WorkerLoadOptions extends LoadOptions {
  /**
   * `false` (default): inputs are copied to the worker (structured clone); your arrays stay
   * usable. `true`: the ArrayBuffer behind every input array of every call (`x.data`,
   * `w.data`, `bias`, a residual, createTensor's and write's data) is moved to the worker
   * instead, no copy, and is empty (detached) on your side once the call is made. `output`
   * arrays are never moved. Results always come back moved.
   */
  transfer?: boolean;
}

/**
 * Starts a worker (a module worker in browsers, a worker thread in Node), runs `load(options)`
 * in it and resolves to its API with every method returning a Promise: the caller's thread
 * never runs wasm. Rejects as load() does (same WasmconvError message and code). In Node, the
 * worker does not keep the process alive while no call is pending.
 * @param options  load()'s options ({@link LoadOptions}) and `transfer` ({@link WorkerLoadOptions}).
 * @example
 * import { loadInWorker } from 'wasmconv/worker';
 * const wc = await loadInWorker();                 // threads: 'auto' inside the worker
 * const y = await wc.conv2d(x, w, { padding: 1 }); // the page stays responsive meanwhile
 * const layer = await wc.createConv2d(w);           // a handle: the layer lives in the worker
 * const t = await wc.createTensor(x.data, x.shape);
 * const z = await layer.run(t);
 * await wc.terminate();
 */
export function loadInWorker(options?: WorkerLoadOptions): Promise<WasmconvInWorker>;
