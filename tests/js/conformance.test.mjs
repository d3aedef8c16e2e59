// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Every ONNX Conv / ConvTranspose conformance case in tests/data/onnx (17 node tests and
// 29 PyTorch exports, 1-D to 3-D) through the public JS API, for both builds, within the
// tolerances that folder's README gives.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';
import { onnxDataDir } from './support/paths.mjs';
import { testThreads } from './support/threads.mjs';

function loadCases() {
  const dir = onnxDataDir;
  const files = [
    ...readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)),
    ...readdirSync(join(dir, 'pytorch')).filter((f) => f.endsWith('.json')).map((f) => join(dir, 'pytorch', f)),
  ];
  return files.map((file) => ({ file, ...JSON.parse(readFileSync(file, 'utf8')) }));
}

const AUTO_PAD = { SAME_UPPER: 'same_upper', SAME_LOWER: 'same_lower', VALID: 'valid' };

// ONNX attributes -> wasmconv options (absent attributes take ONNX defaults).
function toOptions(testCase) {
  const a = testCase.attributes;
  const x = testCase.inputs[0];
  const nd = x.dims.length - 2;
  const options = {};
  if (a.strides) options.stride = a.strides;
  if (a.dilations) options.dilation = a.dilations;
  if (a.group) options.groups = a.group;
  if (a.auto_pad && a.auto_pad !== 'NOTSET') options.padding = AUTO_PAD[a.auto_pad];
  else if (a.pads) options.padding = { begin: a.pads.slice(0, nd), end: a.pads.slice(nd) };
  if (a.output_padding) options.outputPadding = a.output_padding;
  if (a.output_shape) options.outputShape = a.output_shape;
  if (testCase.inputs[2]) options.bias = Float32Array.from(testCase.inputs[2].data);
  return options;
}

function tolerance(testCase) {
  return testCase.opset === 6 ? { rtol: 1e-4, atol: 1e-5 } : { rtol: 1e-3, atol: 1e-7 };
}

for (const simd of [true, false]) {
  test(`ONNX conformance, ${simd ? 'SIMD' : 'scalar'} build`, async () => {
    const wc = await load({ simd, threads: simd ? testThreads() : 1 });
    assert.equal(wc.simd, simd);
    const cases = loadCases();
    const pytorch = cases.filter((c) => c.opset === 6).length;
    assert.deepEqual([cases.length - pytorch, pytorch], [17, 29], 'expected 17 node tests and 29 PyTorch exports');
    const failures = [];
    for (const c of cases) {
      const [x, w] = c.inputs;
      const nd = x.dims.length - 2;
      const fn = `${c.op === 'Conv' ? 'conv' : 'convTranspose'}${nd}d`;
      if (c.attributes.kernel_shape) assert.deepEqual(c.attributes.kernel_shape, w.dims.slice(2), c.name);
      try {
        const y = wc[fn](
          { data: Float32Array.from(x.data), shape: x.dims },
          { data: Float32Array.from(w.data), shape: w.dims },
          toOptions(c),
        );
        const want = c.outputs[0];
        assert.deepEqual(y.shape, want.dims, `${c.name}: shape`);
        const { rtol, atol } = tolerance(c);
        for (let i = 0; i < want.data.length; i++) {
          if (!(Math.abs(y.data[i] - want.data[i]) <= atol + rtol * Math.abs(want.data[i]))) {
            throw new Error(`value ${i}: got ${y.data[i]}, want ${want.data[i]}`);
          }
        }
      } catch (e) {
        failures.push(`${c.name}: ${e.message}`);
      }
    }
    console.log(`conformance ${simd ? 'simd' : 'scalar'}: ${cases.length - failures.length}/${cases.length}`);
    assert.deepEqual(failures, []);
  });
}
