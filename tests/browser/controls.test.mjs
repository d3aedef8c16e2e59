// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The main controls beyond the basics: channels, groups and bias (counted through the
// library's paramCount and macs), stride, dilation and output padding per axis, and the
// rule that controls cannot reach an invalid setting while a typed one is explained.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { hook, playgroundSuite, setControl } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();

test('channels, groups and bias: counts follow the library, groups offer only divisors', async (t) => {
  const lib = wc();
  await withPage(t, '', async (page) => {
    await setControl(page, '#in-channels', 6);
    await setControl(page, '#out-channels', 4);
    assert.deepEqual(await page.$$eval('#group-count option', (o) => o.map((e) => e.value)), ['1', '2']);
    await setControl(page, '#group-count', 2);
    await setControl(page, '#bias', true);
    const w = [4, 3, 3, 3];
    assert.equal(await hook(page, 'param-count'), String(lib.paramCount('conv2d', w, { groups: 2, bias: true })));
    assert.equal(await hook(page, 'param-count'), String(3 * 9 * 4 + 4));
    assert.equal(await hook(page, 'macs'), String(lib.macs('conv2d', [1, 6, 5, 5], w, { groups: 2 })));
    assert.match(page.url(), /channels=6x4&group-count=2&bias=true/);
    // Changing a channel count never leaves an invalid group count: 2 does not divide 5.
    await setControl(page, '#in-channels', 5);
    assert.deepEqual(await page.$$eval('#group-count option', (o) => o.map((e) => e.value)), ['1']);
    assert.equal(await page.$eval('#group-count', (s) => s.value), '1');
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    // Depthwise: groups = in channels = out channels.
    await setControl(page, '#in-channels', 8);
    await setControl(page, '#out-channels', 8);
    await setControl(page, '#group-count', 8);
    assert.equal(await hook(page, 'param-count'), String(8 * 9 + 8));
    // The transposed op counts with its own weight layout [C_in, C_out / g, kh, kw].
    await setControl(page, 'input[name="mode"][value="transposed"]', true);
    await setControl(page, '#out-channels', 16);
    await setControl(page, '#group-count', 4);
    assert.equal(
      await hook(page, 'param-count'),
      String(lib.paramCount('convTranspose2d', [8, 4, 3, 3], { groups: 4, bias: true })),
    );
  });
});

test('a typed invalid group count is explained by the library and the rest still works', async (t) => {
  await withPage(t, '?channels=3x4&group-count=2&view=arithmetic', async (page) => {
    assert.match(await page.textContent('[data-testid="error"]'), /groups 2 does not divide the input channels 3/);
    assert.equal(await hook(page, 'param-count'), 'invalid');
    assert.equal(await hook(page, 'output-size'), '3x3');
    assert.match(await page.textContent('[data-testid="param-formula"]'), /not a valid combination/);
  });
  await withPage(t, '?group-count=x2', async (page) => {
    assert.match(await page.textContent('[data-testid="error"]'), /group-count=x2 must be a number/);
  });
});

test('stride, dilation and output padding per axis, from the controls and from the URL', async (t) => {
  const lib = wc();
  await withPage(t, '?input=9x8&kernel=3', async (page) => {
    assert.equal(await page.isVisible('#stride-w'), false);
    await setControl(page, '#per-axis', true);
    assert.equal(await page.isVisible('#stride-w'), true);
    assert.equal(await page.$eval('#stride', (e) => e.labels[0].textContent.trim()), 'Stride height');
    assert.equal(
      await page.$eval('#output-padding', (e) => e.labels[0].firstChild.textContent.trim()),
      'Output padding height',
    );
    await setControl(page, '#stride-w', 2);
    await setControl(page, '#dilation', 2);
    const expected = lib
      .outputShape('conv2d', [1, 1, 9, 8], [1, 1, 3, 3], { stride: [1, 2], dilation: [2, 1] })
      .slice(2)
      .join('x');
    assert.equal(await hook(page, 'output-size'), expected);
    assert.match(page.url(), /stride=1x2/);
    assert.match(page.url(), /dilation=2x1/);
    // Transposed: each axis offers its own legal output padding.
    await setControl(page, 'input[name="mode"][value="transposed"]', true);
    assert.deepEqual(await page.$$eval('#output-padding option', (o) => o.map((e) => e.value)), ['0', '1']);
    assert.deepEqual(await page.$$eval('#output-padding-w option', (o) => o.map((e) => e.value)), ['0', '1']);
    await setControl(page, '#output-padding-w', 1);
    const t2 = lib.outputShape('convTranspose2d', [1, 1, 9, 8], [1, 1, 3, 3], {
      stride: [1, 2],
      dilation: [2, 1],
      outputPadding: [0, 1],
    });
    assert.equal(await hook(page, 'output-size'), t2.slice(2).join('x'));
    assert.match(page.url(), /output-padding=0x1/);
  });
  await withPage(t, '?mode=transposed&input=4&kernel=3&stride=3x1&output-padding=2x0', async (page) => {
    // A link with different axes opens with the axes apart.
    assert.equal(await page.isChecked('#per-axis'), true);
    assert.equal(await page.$eval('#stride-w', (e) => e.value), '1');
    assert.equal(await page.$eval('#output-padding', (e) => e.value), '2');
    assert.deepEqual(await page.$$eval('#output-padding-w option', (o) => o.map((e) => e.value)), ['0']);
    const shape = lib.outputShape('convTranspose2d', [1, 1, 4, 4], [1, 1, 3, 3], {
      stride: [3, 1],
      outputPadding: [2, 0],
    });
    assert.equal(await hook(page, 'output-size'), shape.slice(2).join('x'));
  });
  await withPage(t, '?input=6&kernel=3&stride=2', async (page) => {
    // Without "separate", the one field sets both axes.
    await setControl(page, '#stride', 3);
    assert.equal(await hook(page, 'output-size'), '2x2');
    assert.match(page.url(), /stride=3&/);
  });
});

test('copy as code carries channels, groups, bias, dilation and output padding', async (t) => {
  await withPage(
    t,
    '?mode=transposed&input=4&kernel=3&stride=2&dilation=2&padding=1&output-padding=1&channels=4x8&group-count=2&bias=true&view=arithmetic',
    async (page) => {
      const torch = await page.textContent('[data-testid="code-pytorch"]');
      assert.match(
        torch,
        /nn\.ConvTranspose2d\(4, 8, kernel_size=\(3, 3\), stride=\(2, 2\), padding=\(1, 1\), dilation=\(2, 2\), output_padding=\(1, 1\), groups=2\)/,
      );
      const onnx = JSON.parse(await page.textContent('[data-testid="code-onnx"]'));
      assert.deepEqual(onnx, {
        op_type: 'ConvTranspose',
        kernel_shape: [3, 3],
        strides: [2, 2],
        dilations: [2, 2],
        pads: [1, 1, 1, 1],
        output_padding: [1, 1],
        group: 2,
      });
      assert.match(await page.textContent('[data-testid="code-onnx-inputs"]'), /W \[4, 4, 3, 3\], B \[8\]/);
      const js = await page.textContent('[data-testid="code-wasmconv"]');
      assert.match(js, /dilation: \[2,2\], outputPadding: \[1,1\], groups: 2, bias \}/);
      const shape = wc().outputShape('convTranspose2d', [1, 4, 4, 4], [4, 4, 3, 3], {
        stride: 2,
        dilation: 2,
        padding: 1,
        outputPadding: 1,
        groups: 2,
      });
      assert.match(js, new RegExp(`y.shape is \\[${shape.join(', ')}\\]`));
    },
  );
});

test('a number typed outside its range is explained and not applied', async (t) => {
  await withPage(t, '?input=6&kernel=3', async (page) => {
    await page.fill('#input-h', '5000');
    assert.equal(
      await page.textContent('[data-testid="error"]'),
      'Input height: 5000 is not allowed; use a whole number from 1 to 4096.',
    );
    assert.equal(await hook(page, 'output-size'), '4x4');
    assert.match(page.url(), /input=6&/);
    await page.fill('#kernel-w', '2.5');
    await page.dispatchEvent('#kernel-w', 'change');
    assert.match(await page.textContent('[data-testid="error"]'), /Input height: 5000/);
    await page.fill('#input-h', '6');
    assert.match(
      await page.textContent('[data-testid="error"]'),
      /Kernel width: 2.5 is not allowed; use a whole number from 1 to 15/,
    );
    await page.fill('#kernel-w', '');
    assert.match(await page.textContent('[data-testid="error"]'), /Kernel width: enter a number/);
    // Back to a valid value: the message goes and the page follows again.
    await page.fill('#kernel-w', '3');
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    assert.equal(await hook(page, 'output-size'), '4x4');
    await page.fill('#kernel-w', '1');
    assert.equal(await hook(page, 'output-size'), '4x6');
  });
});

test('copy as code: PyTorch padding for strided same, asymmetric padding and cropping', async (t) => {
  const torch = (page) => page.textContent('[data-testid="code-pytorch"]');
  // Strided 'same' (PyTorch refuses padding='same' with a stride): 7, kernel 4, stride 2
  // pads 1 before and 2 after, as the library does (same_upper).
  await withPage(t, '?input=7&kernel=4&stride=2&padding=same&view=arithmetic', async (page) => {
    assert.match(
      await torch(page),
      /^# Asymmetric padding: x = torch\.nn\.functional\.pad\(x, \(1, 2, 1, 2\)\) first\nlayer = torch\.nn\.Conv2d\(1, 1, kernel_size=\(4, 4\), stride=\(2, 2\), padding=0,/,
    );
  });
  await withPage(t, '?input=7&kernel=3&padding=same&view=arithmetic', async (page) => {
    assert.match(await torch(page), /padding='same'/);
  });
  // Transposed, crop 2 at the top and 1 at the bottom: padding 2 with one more output row.
  await withPage(t, '?mode=transposed&input=4&kernel=3&stride=2&padding=2,1,1,1&view=arithmetic', async (page) => {
    assert.match(
      await torch(page),
      /ConvTranspose2d\(1, 1, kernel_size=\(3, 3\), stride=\(2, 2\), padding=\(2, 1\), dilation=\(1, 1\), output_padding=\(1, 0\), bias=False\)/,
    );
  });
  // Crop 0 at the top and 1 at the bottom cannot be padding + output_padding: crop by hand.
  await withPage(t, '?mode=transposed&input=4&kernel=3&stride=2&padding=0,0,1,0&view=arithmetic', async (page) => {
    assert.match(await torch(page), /^# Asymmetric cropping: compute with padding=0, then y = y\[\.\.\., :-1, :\]\n/);
    assert.match(await torch(page), /padding=0, dilation=\(1, 1\), output_padding=\(0, 0\)/);
  });
});
