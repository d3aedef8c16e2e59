// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The example networks (examples/networks/) as a small graph, so that the peers of the
// networks benchmark (bench/networks.mjs) run the very network wasmconv runs rather than a
// second definition of it that could drift: the network is built and run once on a
// recording stand-in for `wc`, whose layer factories log each layer (weights, bias,
// geometry, activation) and whose layers log each run (input, residual, output shape)
// instead of computing. bench/onnx-graph.mjs and bench/tfjs-graph.mjs turn the graph into
// an ONNX model and a tfjs program.
//
// The graph: { input: shape, layers: [{ transposed, weight: { data, shape }, bias
// (Float32Array or null), stride, padding, dilation, outputPadding ([h, w] each), groups,
// activation (a name or null) }], nodes: [{ layer, x, residual (a value or null), shape }],
// output }, where value 0 is the input and value k the output of nodes[k - 1].

// The activations every engine of the benchmark can apply (ONNX ops, tfjs ops).
export const GRAPH_ACTIVATIONS = ['relu', 'relu6', 'sigmoid', 'tanh'];

// A per-axis option as [h, w]: the networks pass numbers; [h, w] pairs are taken too.
function pair(name, value, fallback) {
  if (value === undefined) return [fallback, fallback];
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) return [...value];
  throw new Error(`net-graph: ${name} ${JSON.stringify(value)} is not a number or an [h, w] pair (the graph takes no other form)`);
}

// A layer's options as the graph records them; options the graph cannot carry are refused
// here, so that no peer silently computes something else.
function layerRecord(transposed, weight, options) {
  const { bias, stride, padding, dilation, groups = 1, outputPadding, activation = null, layout = 'nchw', ...rest } = options;
  const unknown = Object.keys(rest).filter((k) => rest[k] !== undefined);
  if (unknown.length) throw new Error(`net-graph: layer option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not recorded`);
  if (layout !== 'nchw') throw new Error(`net-graph: the graph is recorded channels-first, got layout ${JSON.stringify(layout)}`);
  if (activation !== null && !GRAPH_ACTIVATIONS.includes(activation)) {
    throw new Error(`net-graph: activation ${JSON.stringify(activation)} is not one of ${GRAPH_ACTIVATIONS.join(', ')}`);
  }
  if (weight.shape.length !== 4) throw new Error(`net-graph: only 2-D layers, got a weight of shape [${weight.shape}]`);
  return {
    transposed, weight: { data: Float32Array.from(weight.data), shape: [...weight.shape] },
    bias: bias ? Float32Array.from(bias) : null,
    stride: pair('stride', stride, 1), padding: pair('padding', padding, 0), dilation: pair('dilation', dilation, 1),
    outputPadding: pair('outputPadding', outputPadding, 0), groups, activation,
  };
}

// The geometry of a layer record in wc.outputShape's options.
const geometry = (l) => ({ stride: l.stride, padding: l.padding, dilation: l.dilation, groups: l.groups,
  ...(l.transposed ? { outputPadding: l.outputPadding } : {}) });

/**
 * The graph of the network `make(wc)` builds, run once on an input of shape `inputShape`.
 * `wc` (a loaded module) only answers the output shapes; nothing is computed.
 */
export function recordGraph(wc, make, inputShape) {
  const graph = { input: [...inputShape], layers: [], nodes: [], output: null };
  const symbol = (ref, shape) => ({
    ref, shape: [...shape], dispose() {},
    read() { throw new Error('net-graph: a recorded tensor has no values'); },
  });
  const refOf = (t, what) => {
    if (t?.ref === undefined || t.ref === null) throw new Error(`net-graph: the ${what} of a layer is not a tensor of the graph`);
    return t.ref;
  };
  const factory = (transposed) => (weight, options = {}) => {
    const record = layerRecord(transposed, weight, options);
    const index = graph.layers.push(record) - 1;
    const op = transposed ? 'convTranspose2d' : 'conv2d';
    const outputShape = (xShape) => wc.outputShape(op, xShape, record.weight.shape, geometry(record));
    return {
      outputShape,
      run(x, { residual, output, ...rest } = {}) {
        if (Object.keys(rest).length) throw new Error(`net-graph: run option ${Object.keys(rest).join(', ')} not recorded`);
        const shape = outputShape(x.shape);
        graph.nodes.push({ layer: index, x: refOf(x, 'input'), residual: residual ? refOf(residual, 'residual') : null, shape });
        return symbol(graph.nodes.length, shape);
      },
      dispose() {},
    };
  };
  // The loaded module is frozen: a copy of its members, with the factories replaced.
  const stand = Object.fromEntries(Object.keys(wc).map((k) => [k, typeof wc[k] === 'function' ? wc[k].bind(wc) : wc[k]]));
  Object.assign(stand, {
    createConv2d: factory(false),
    createConvTranspose2d: factory(true),
    createTensor: (data, shape) => symbol(null, shape), // the networks' kept outputs: never read
  });
  const network = make(stand);
  graph.output = refOf(network.run(symbol(0, inputShape)), 'output');
  network.dispose();
  return graph;
}

/** The shape of value `v` of `graph` (0: the input). */
export const valueShape = (graph, v) => (v === 0 ? graph.input : graph.nodes[v - 1].shape);
