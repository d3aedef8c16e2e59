// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A minimal ONNX model writer for the oracle test: one Conv or ConvTranspose node whose
// inputs X, W (and B) are graph inputs. It emits the protobuf wire format directly
// (varints, length-delimited fields) for the few ONNX messages needed:
//   ModelProto { 1 ir_version, 8 opset_import, 7 graph }
//   GraphProto { 1 node, 2 name, 5 initializer, 11 input, 12 output }
//   TensorProto { 1 dims, 2 data_type, 8 name, 9 raw_data }        (data_type FLOAT = 1)
//   NodeProto { 1 input, 2 output, 4 op_type, 5 attribute }
//   AttributeProto { 1 name, 3 i, 4 s, 8 ints, 20 type }      (INT = 2, STRING = 3, INTS = 7)
//   ValueInfoProto { 1 name, 2 type } -> TypeProto { 1 tensor_type { 1 elem_type, 2 shape } }
//   TensorShapeProto { 1 dim { 1 dim_value } }                  (elem_type FLOAT = 1)
// bench/onnx-graph.mjs builds multi-node graphs on its varint, attribute and valueInfo.

export function varint(value) {
  const out = [];
  let v = BigInt.asUintN(64, BigInt(value));
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

const tag = (field, wire) => varint((field << 3) | wire);
const intField = (field, value) => [...tag(field, 0), ...varint(value)];
function bytesField(field, bytes) {
  return [...tag(field, 2), ...varint(bytes.length), ...bytes];
}
const stringField = (field, s) => bytesField(field, [...new TextEncoder().encode(s)]);

export function attribute(name, value) {
  if (typeof value === 'string') return [...stringField(1, name), ...bytesField(4, [...new TextEncoder().encode(value)]), ...intField(20, 3)];
  if (Array.isArray(value)) return [...stringField(1, name), ...value.flatMap((v) => intField(8, v)), ...intField(20, 7)];
  return [...stringField(1, name), ...intField(3, value), ...intField(20, 2)];
}

export function valueInfo(name, dims) {
  const shape = dims.flatMap((d) => bytesField(1, intField(1, d)));
  const tensorType = [...intField(1, 1), ...bytesField(2, shape)];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

function initializer(name, dims, data) {
  const raw = [...new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
  return [...dims.flatMap((d) => intField(1, d)), ...intField(2, 1), ...stringField(8, name), ...bytesField(9, raw)];
}

/**
 * @param {'Conv'|'ConvTranspose'} op
 * @param {{X: number[], W: number[], B?: number[], Y: number[]}} shapes
 * @param {Record<string, number|number[]|string>} attributes
 * @param {Record<string, Float32Array>} [constants] inputs stored in the model as initializers
 *   (weights prepared once, as a deployed model has them) instead of fed at run time
 * @returns {Uint8Array} the serialized ModelProto
 */
export function singleNodeModel(op, shapes, attributes, constants = {}) {
  const inputs = shapes.B ? ['X', 'W', 'B'] : ['X', 'W'];
  const node = [
    ...inputs.flatMap((n) => stringField(1, n)),
    ...stringField(2, 'Y'),
    ...stringField(4, op),
    ...Object.entries(attributes).flatMap(([k, v]) => bytesField(5, attribute(k, v))),
  ];
  const graph = [
    ...bytesField(1, node),
    ...stringField(2, 'oracle'),
    ...Object.entries(constants).flatMap(([n, data]) => bytesField(5, initializer(n, shapes[n], data))),
    ...inputs.filter((n) => !(n in constants)).flatMap((n) => bytesField(11, valueInfo(n, shapes[n]))),
    ...bytesField(12, valueInfo('Y', shapes.Y)),
  ];
  const opset = [...stringField(1, ''), ...intField(2, 17)];
  return Uint8Array.from([...intField(1, 8), ...bytesField(8, opset), ...bytesField(7, graph)]);
}
