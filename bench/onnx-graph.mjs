// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A recorded network graph (bench/net-graph.mjs) as an ONNX model for ONNX Runtime Web: per
// node a Conv or ConvTranspose (weights and bias as initializers, as a deployed model has
// them), an Add for its residual, then its activation as its own node (Relu; Clip with min
// 0 and max 6 as initializer inputs, as opset 11 and later take them; Sigmoid; Tanh). The
// nodes are left unfused on purpose: ORT's graph optimiser fuses what it can (Conv with its
// activation, with the Add), as it does for any model a user loads.
// The protobuf fields are those of tests/js/support/onnx-model.mjs (whose varint, attribute
// and valueInfo encode the small messages); messages here are lists of byte chunks joined
// once at the end, so that MobileNetV2's 14 MB of weights are not copied per nesting level.
import { attribute, valueInfo, varint } from '../tests/js/support/onnx-model.mjs';

const bytesOf = (numbers) => Uint8Array.from(numbers);
const size = (chunks) => chunks.reduce((n, c) => n + c.length, 0);
// Field `field` holding the message `chunks` (length-delimited, wire type 2).
const message = (field, chunks) => [bytesOf([...varint((field << 3) | 2), ...varint(size(chunks))]), ...chunks];
const text = (field, s) => message(field, [new TextEncoder().encode(s)]);
const int = (field, v) => [bytesOf([...varint(field << 3), ...varint(v)])];

// GraphProto's initializer (field 5), a TensorProto { 1 dims, 2 data_type (FLOAT = 1),
// 8 name, 9 raw_data } (no dims: a scalar). The raw data is little-endian, as typed arrays
// are on every host ORT Web runs on.
function initializer(name, dims, data) {
  return message(5, [...dims.flatMap((d) => int(1, d)), ...int(2, 1), ...text(8, name),
    ...message(9, [new Uint8Array(data.buffer, data.byteOffset, data.byteLength)])]);
}

// NodeProto { 1 input, 2 output, 4 op_type, 5 attribute }.
function node(op, inputs, output, attributes = {}) {
  return message(1, [...inputs.flatMap((n) => text(1, n)), ...text(2, output), ...text(4, op),
    ...Object.entries(attributes).flatMap(([k, v]) => message(5, [bytesOf(attribute(k, v))]))]);
}

const ACTIVATION_NODES = { relu: 'Relu', relu6: 'Clip', sigmoid: 'Sigmoid', tanh: 'Tanh' };

/** The ONNX model (opset 17) of `graph`: input 'x' and output 'y', both float NCHW. */
export function graphModel(graph) {
  const name = (v) => (v === graph.output ? 'y' : v === 0 ? 'x' : `v${v}`);
  const nodes = [];
  const initializers = [];
  const usesClip = graph.layers.some((l) => l.activation === 'relu6');
  if (usesClip) initializers.push(...initializer('relu6_min', [], Float32Array.of(0)), ...initializer('relu6_max', [], Float32Array.of(6)));
  graph.layers.forEach((l, i) => {
    initializers.push(...initializer(`w${i}`, l.weight.shape, l.weight.data));
    if (l.bias) initializers.push(...initializer(`b${i}`, [l.bias.length], l.bias));
  });
  graph.nodes.forEach((n, k) => {
    const l = graph.layers[n.layer];
    const v = k + 1;
    const attributes = {
      kernel_shape: l.weight.shape.slice(2), strides: l.stride, dilations: l.dilation, group: l.groups,
      pads: [...l.padding, ...l.padding], ...(l.transposed ? { output_padding: l.outputPadding } : {}),
    };
    let last = `conv${v}`;
    const steps = [[l.transposed ? 'ConvTranspose' : 'Conv', [name(n.x), `w${n.layer}`, ...(l.bias ? [`b${n.layer}`] : [])], attributes]];
    if (n.residual !== null) steps.push(['Add', [null, name(n.residual)]]);
    if (l.activation) steps.push([ACTIVATION_NODES[l.activation], [null, ...(l.activation === 'relu6' ? ['relu6_min', 'relu6_max'] : [])]]);
    steps.forEach(([op, inputs, attrs], s) => {
      const output = s === steps.length - 1 ? name(v) : `${op.toLowerCase()}${v}`;
      nodes.push(...node(op, inputs.map((x) => x ?? last), output, attrs));
      last = output;
    });
  });
  // GraphProto { 1 node, 2 name, 5 initializer, 11 input, 12 output }.
  const graphProto = [...nodes, ...text(2, 'network'), ...initializers, ...message(11, [bytesOf(valueInfo('x', graph.input))]),
    ...message(12, [bytesOf(valueInfo('y', graph.output === 0 ? graph.input : graph.nodes[graph.output - 1].shape))])];
  const opset = [...text(1, ''), ...int(2, 17)];
  const model = [...int(1, 8), ...message(8, opset), ...message(7, graphProto)];
  const out = new Uint8Array(size(model));
  let at = 0;
  for (const c of model) out.set(c, (at += c.length) - c.length);
  return out;
}
