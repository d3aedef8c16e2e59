// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's status line gives two times (the playground issue): end to end, from
// the request to the last band drawn, and the kernel alone, the median of a few warm runs,
// with GFLOP/s = 2 x MACs over the kernel time. The warm runs come after the result is
// drawn. Read from the text, as a user reads it; no time is compared with a threshold.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPng, playgroundSuite, waitImage, waitTiming } from './support/playground-page.mjs';

const { withPage } = playgroundSuite();

const LINE = /^([\d,]+) parameters, ([\d,]+) multiply-accumulates\. End to end (\d+\.\d) ms \(decoding, copies, conversion, drawing\); kernel alone (\d+\.\d{3}) ms, (?:median of (\d+) warm runs|(one) warm run) \((\d+\.\d{2}) GFLOP\/s\); the (SIMD|relaxed-SIMD|scalar) build, (\d+) bands?\.$/;

// The status text's numbers, checked against each other at the precision they are printed.
async function checkLine(page, what) {
  const text = await page.textContent('#timing');
  const m = text.match(LINE);
  assert.ok(m, `${what}: ${text}`);
  const [macs, e2e, kernel, runs, rate] = [m[2].replaceAll(',', ''), m[3], m[4], m[5] ?? (m[6] && 1), m[7]].map(Number);
  assert.equal(String(macs), await page.getAttribute('#timing', 'data-macs'), what);
  assert.ok(runs >= 1 && runs <= 8, `${what}: ${runs} runs (the later half of 1 to 15)`);
  assert.equal(String(runs), await page.getAttribute('#timing', 'data-runs'), what);
  assert.ok(kernel > 0, `${what}: kernel ${kernel} ms`);
  // The kernel alone is part of what end to end covers (whose first run was also cold).
  assert.ok(kernel <= e2e + 0.05, `${what}: kernel ${kernel} ms, end to end ${e2e} ms`);
  // 2 x MACs / time, the time printed to 0.0005 ms and the rate to 0.005 GFLOP/s.
  const want = (2 * macs) / kernel / 1e6;
  const slack = 0.005 + (2 * macs * 0.0005) / (kernel * kernel) / 1e6 + 1e-9;
  assert.ok(Math.abs(rate - want) <= slack, `${what}: ${rate} GFLOP/s, 2 x ${macs} / ${kernel} ms is ${want}`);
  return { macs, e2e, kernel, runs, rate };
}

test('end to end and the kernel alone, consistent; the warm runs follow the drawn result', async (t) => {
  for (const query of ['?view=image&padding=same&kernel=5&weights=gaussian', '?view=image&mode=transposed&stride=2&padding=1&weights=bilinear&color=gray&build=scalar']) {
    await withPage(t, query, async (page) => {
      await waitTiming(page);
      t.diagnostic(`${query}: ${await page.textContent('#timing')}`);
      await checkLine(page, query);
      // The next request: record the status's state at each change, from inside the page.
      await page.evaluate(() => {
        const status = document.getElementById('timing');
        window.__states = [];
        new MutationObserver(() => window.__states.push({ ...status.dataset, busy: status.getAttribute('aria-busy'), text: status.textContent })).observe(status, {
          attributes: true,
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      await page.selectOption('#kernel', 'sharpen');
      await waitTiming(page);
      const id = await page.getAttribute('#timing', 'data-completed');
      const states = await page.evaluate(() => window.__states);
      // When the result was drawn (state done for this request), it had no kernel time
      // yet: the warm runs had not delayed it. The line said so, with the region busy.
      const drawn = states.find((s) => s.completed === id && s.state === 'done');
      assert.ok(drawn, JSON.stringify(states));
      assert.notEqual(drawn.timed, id, 'the kernel was timed before the result was drawn');
      const first = states.find((s) => s.completed === id && /timing a few warm runs/.test(s.text));
      assert.ok(first, `no interim line: ${JSON.stringify(states)}`);
      assert.equal(first.busy, 'true');
      assert.equal(await page.getAttribute('#timing', 'aria-busy'), null);
      await checkLine(page, `${query}, sharpen`);
    });
  }
});

test('a file: end to end includes decoding it', async (t) => {
  await withPage(t, '?view=image&padding=same', async (page) => {
    await waitImage(page);
    // A black square on a white ground.
    await openPng(page, 'square.png', 300, 200, (x, y) => (x >= 10 && x < 110 && y >= 10 && y < 110 ? [0, 0, 0] : [255, 255, 255]));
    await waitTiming(page);
    await checkLine(page, 'square.png');
  });
});
