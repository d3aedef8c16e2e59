// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Issue 25, bug 3: no stale numbers. A kernel larger than the input (7x3 on 5x5) used to
// leave "parameters 9" and the previous 3x3 output animating; a typed input of 224 left
// the previous layer's summary as if it were current (224 is a real size now, drawn in the
// arithmetic view: real-sizes.test.mjs; out of range is 5000). Now: the message says what does not
// fit and what to do (the padding from the library's rule, checked here against the
// library), the parameter count is the kernel's own, the views that draw the layer are
// cleared, a typed value the page does not apply marks the summary and the view out of
// date (dimmed, inert, the animation stopped), and everything recovers once the setting
// is valid again.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { hook, playgroundSuite, setControl } from './support/playground-page.mjs';

const { wc, withPage } = playgroundSuite();
const motion = { reducedMotion: 'no-preference' }; // the mechanics animation plays

const accepts = (lib, op, input, kernel, options) => {
  try {
    lib.outputShape(op, [1, 1, ...input], [1, 1, ...kernel], options);
    return true;
  } catch {
    return false;
  }
};
const state = (page, selector) => page.getAttribute(selector, 'data-state');

test('a 7x3 kernel on a 5x5 input: what to do, its parameters, cleared views, then recovery', async (t) => {
  const lib = wc();
  // The padding offered is the smallest the library accepts: 1 on H, none needed on W.
  assert.ok(!accepts(lib, 'conv2d', [5, 5], [7, 3], {}));
  assert.ok(accepts(lib, 'conv2d', [5, 5], [7, 3], { padding: [1, 0] }));
  await withPage(t, '?input=5&kernel=3&view=mechanics', async (page) => {
    assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'true');
    await setControl(page, '#kernel-h', 7);
    assert.equal(
      await page.textContent('[data-testid="error"]'),
      'The 7×3 kernel is larger than the 5×5 input: add padding ≥ 1 on H or shrink the kernel.',
    );
    // Parameters do not depend on the input: the 7x3 kernel's 21 (bias off, 1 to 1 channel).
    assert.equal(await hook(page, 'param-count'), String(lib.paramCount('conv2d', [1, 1, 7, 3])));
    assert.equal(await hook(page, 'param-count'), '21');
    assert.equal(await page.textContent('[data-testid="output-size"]'), 'invalid');
    assert.equal(await hook(page, 'output-size'), '');
    assert.equal(await page.textContent('[data-testid="macs"]'), 'invalid');
    assert.equal(await state(page, '#summary'), 'invalid');
    assert.equal(await page.textContent('[data-testid="summary-note"]'), 'No output for this layer: ');
    assert.equal(await page.isVisible('[data-testid="summary-note"]'), true);
    // The mechanics are cleared: no grid, no player still animating the 3x3 output.
    assert.equal(await page.$$eval('#view-mechanics .cell', (c) => c.length), 0);
    assert.equal(await page.$('[data-testid="player"]'), null);
    assert.equal(await state(page, '#view-mechanics'), 'invalid');
    assert.match(await page.textContent('#view-mechanics [data-testid="view-invalid"]'), /^Nothing to draw: this layer has no output\. The 7×3 kernel/);
    // Another view of the layer is cleared too; the receptive field (its own stack) is drawn.
    await page.click('[role="tab"][data-view="arithmetic"]');
    assert.equal(await page.isVisible('#view-arithmetic [data-testid="view-invalid"]'), true);
    assert.equal(await page.$('[data-testid="formula"]'), null);
    assert.equal(await hook(page, 'param-count'), '21');
    await page.click('[role="tab"][data-view="receptive-field"]');
    assert.equal(await page.isVisible('[data-testid="receptive-field"]'), true);
    await page.click('[role="tab"][data-view="mechanics"]');
    // Following the advice: padding 1 at the top and bottom.
    await setControl(page, '#pad-t', 1);
    await setControl(page, '#pad-b', 1);
    const options = { padding: { begin: [1, 0], end: [1, 0] } };
    const [, , oh, ow] = lib.outputShape('conv2d', [1, 1, 5, 5], [1, 1, 7, 3], options);
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    assert.equal(await hook(page, 'output-size'), `${oh}x${ow}`);
    assert.equal(await hook(page, 'output-size'), '1x3');
    assert.equal(await hook(page, 'macs'), String(lib.macs('conv2d', [1, 1, 5, 5], [1, 1, 7, 3], options)));
    assert.equal(await hook(page, 'param-count'), '21');
    assert.equal(await state(page, '#summary'), 'valid');
    assert.equal(await page.isVisible('[data-testid="summary-note"]'), false);
    assert.equal(await state(page, '#view-mechanics'), null);
    assert.equal(await page.$$eval('[data-testid="conv-output"] .cell', (c) => c.length), oh * ow);
    assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'true');
  }, motion);
});

test('dilation and two axes: the padding each axis needs; channels and bias in the count', async (t) => {
  const lib = wc();
  // Dilation 3 spans 7: padding 1 on both axes (5 + 2 >= 7), and 0 is refused.
  assert.ok(accepts(lib, 'conv2d', [5, 5], [3, 3], { dilation: 3, padding: 1 }));
  assert.ok(!accepts(lib, 'conv2d', [5, 5], [3, 3], { dilation: 3, padding: [1, 0] }));
  // 12x9 on 5x4: ceil((12 - 5) / 2) = 4 on H, ceil((9 - 4) / 2) = 3 on W.
  assert.ok(accepts(lib, 'conv2d', [5, 4], [12, 9], { padding: [4, 3] }));
  assert.ok(!accepts(lib, 'conv2d', [5, 4], [12, 9], { padding: [3, 3] }));
  assert.ok(!accepts(lib, 'conv2d', [5, 4], [12, 9], { padding: [4, 2] }));
  await withPage(t, '?input=5&kernel=3&view=arithmetic', async (page) => {
    await setControl(page, '#dilation', 3);
    assert.equal(
      await page.textContent('[data-testid="error"]'),
      'The 3×3 kernel with dilation 3 spans 7×7, larger than the 5×5 input: add padding ≥ 1 on H and W or shrink the kernel or its dilation.',
    );
    assert.equal(await hook(page, 'param-count'), '9');
    await setControl(page, '#dilation', 1);
    await setControl(page, '#input-w', 4);
    await setControl(page, '#kernel-h', 12);
    await setControl(page, '#kernel-w', 9);
    assert.equal(
      await page.textContent('[data-testid="error"]'),
      'The 12×9 kernel is larger than the 5×4 input: add padding ≥ 4 on H and ≥ 3 on W or shrink the kernel.',
    );
    assert.equal(await hook(page, 'param-count'), String(lib.paramCount('conv2d', [1, 1, 12, 9])));
    // With channels and bias the count is still the layer's: 16 * 8 * 12 * 9 + 8.
    await setControl(page, '#in-channels', 16);
    await setControl(page, '#out-channels', 8);
    await setControl(page, '#bias', true);
    assert.equal(await hook(page, 'param-count'), String(lib.paramCount('conv2d', [8, 16, 12, 9], { bias: true })));
    assert.equal(await hook(page, 'param-count'), String(16 * 8 * 12 * 9 + 8));
  });
});

test('a transposed padding that crops away the whole output says how much padding fits', async (t) => {
  const lib = wc();
  // Input 2, kernel 3: (2 - 1) * 1 + 3 = 4 rows before cropping; a total of 3 leaves one.
  assert.ok(accepts(lib, 'convTranspose2d', [2, 2], [3, 3], { padding: { begin: [2, 0], end: [1, 0] } }));
  assert.ok(!accepts(lib, 'convTranspose2d', [2, 2], [3, 3], { padding: { begin: [2, 0], end: [2, 0] } }));
  await withPage(t, '?mode=transposed&input=2&kernel=3&view=matrix', async (page) => {
    await setControl(page, '#pad-t', 2);
    assert.equal(await hook(page, 'output-size'), '2x4');
    await setControl(page, '#pad-b', 2);
    assert.equal(
      await page.textContent('[data-testid="error"]'),
      'The padding crops away the whole output of this transposed convolution (2 + 2 rows off 4 on H): lower the padding to a total ≤ 3 on H or enlarge the input, stride or kernel.',
    );
    assert.equal(await hook(page, 'param-count'), '9');
    assert.equal(await page.$('[data-testid="matrix"]'), null);
    assert.equal(await state(page, '#view-matrix'), 'invalid');
    await setControl(page, '#pad-b', 1);
    assert.equal(await page.textContent('[data-testid="error"]'), '');
    assert.equal(await hook(page, 'output-size'), '1x4');
    assert.equal(await page.getAttribute('[data-testid="matrix-check"]', 'data-pass'), 'true');
  });
});

test('a typed input out of range (5000) marks the summary and the view out of date until it is fixed', async (t) => {
  const lib = wc();
  await withPage(
    t,
    '?input=5&kernel=3&view=mechanics',
    async (page) => {
      assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'true');
      await setControl(page, '#input-h', 5000);
      assert.equal(await page.textContent('[data-testid="error"]'), 'Input height: 5000 is not allowed; use a whole number from 1 to 4096.');
      // The numbers are the last valid layer's, and say so.
      assert.equal(await state(page, '#summary'), 'stale');
      assert.match(await page.textContent('[data-testid="summary-note"]'), /^Out of date \(a typed value is not applied\)/);
      assert.equal(await page.isVisible('[data-testid="summary-note"]'), true);
      assert.equal(await hook(page, 'output-size'), '3x3');
      // The view: marked, dimmed, not interactive, and no longer animating.
      assert.equal(await state(page, '#view-mechanics'), 'stale');
      assert.equal(
        await page.textContent('#view-mechanics [data-testid="stale-note"]'),
        'Out of date: this shows the last valid layer (5×5 input, 3×3 kernel, stride 1), not the value typed. Input height: 5000 is not allowed; use a whole number from 1 to 4096.',
      );
      assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'false');
      assert.equal(await page.$eval('[data-testid="player"]', (e) => e.inert && e.classList.contains('stale')), true);
      assert.equal(await page.$eval('[data-testid="player"]', (e) => Number(getComputedStyle(e).opacity) < 0.5), true);
      // Fixed: every number follows the new input.
      await setControl(page, '#input-h', 9);
      const [, , oh, ow] = lib.outputShape('conv2d', [1, 1, 9, 5], [1, 1, 3, 3], {});
      assert.equal(await page.textContent('[data-testid="error"]'), '');
      assert.equal(await state(page, '#summary'), 'valid');
      assert.equal(await hook(page, 'output-size'), `${oh}x${ow}`);
      assert.equal(await hook(page, 'macs'), String(lib.macs('conv2d', [1, 1, 9, 5], [1, 1, 3, 3], {})));
      assert.equal(await state(page, '#view-mechanics'), null);
      assert.equal(await page.$('[data-testid="stale-note"]'), null);
      assert.equal(await page.$$eval('.stale, [inert]', (e) => e.length), 0);
      assert.equal(await page.$$eval('[data-testid="conv-output"] .cell', (c) => c.length), oh * ow);
      // The arithmetic view is marked the same way.
      await page.click('[role="tab"][data-view="arithmetic"]');
      await setControl(page, '#input-w', 5000);
      assert.equal(await state(page, '#summary'), 'stale');
      assert.equal(await state(page, '#view-arithmetic'), 'stale');
      assert.match(await page.textContent('#view-arithmetic [data-testid="stale-note"]'), /^Out of date: this shows the last valid layer \(9×5 input/);
      await setControl(page, '#input-w', 6);
      assert.equal(await state(page, '#summary'), 'valid');
      assert.equal(await hook(page, 'output-size'), '7x4');
      assert.equal(await state(page, '#view-arithmetic'), null);
    },
    motion,
  );
});
