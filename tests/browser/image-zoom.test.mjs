// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Zoom and pan in the image view (issue 25): input and output zoom together at the same CSS
// pixels per image pixel (1:1 then zoom in doubles it, for a stride-2 layer whose output is
// half as big too), show the same part of the picture, and a pan (drag, arrow keys) moves
// both; Ctrl+wheel zooms. Zoomed past a large file's panel-sized preview, the visible
// part is drawn from the worker's full-resolution pixels, exactly the file's bytes on the
// input and the identity layer's output, in crisp (pixelated) blocks; the magnifier's
// patch there is the file's own pixels.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { screenshot } from './support/browser.mjs';
import { openPng, playgroundSuite, waitImage, zoomView } from './support/playground-page.mjs';

const suite = playgroundSuite();

const view = zoomView;

const near = (a, b, eps = 1e-6) => Math.abs(a - b) <= eps;

function inStep(v, what) {
  assert.ok(near(v.input.scale, v.output.scale, 1e-3), `${what}: scales ${v.input.scale} and ${v.output.scale}`);
  assert.ok(near(v.input.scale, v.input.scaleY, 1e-3) && near(v.output.scale, v.output.scaleY, 1e-3), `${what}: square pixels`);
  // The same part of the picture: the same fraction at the frames' edges (to a pixel).
  assert.ok(near(v.input.u, v.output.u, 2 / 127) && near(v.input.v, v.output.v, 2 / 127), `${what}: ${JSON.stringify(v)}`);
}

test('1:1 then zoom in doubles the drawn scale of both images; a drag and the arrow keys pan both; Ctrl+wheel zooms', async (t) => {
  await suite.withPage(t, '?view=image&stride=2', async (page) => {
    await waitImage(page);
    const before = await view(page);
    await page.click('#zoom-one');
    const one = await view(page);
    assert.ok(near(one.input.scale, 1, 1e-3), `1:1 is ${one.input.scale}`);
    inStep(one, '1:1');
    await page.click('#zoom-in');
    const two = await view(page);
    assert.ok(near(two.input.scale, 2 * one.input.scale, 1e-3), `zoom in: ${one.input.scale} -> ${two.input.scale}`);
    inStep(two, 'zoomed in');
    assert.equal(two.readout, two.input.scale);
    // The frames keep their size: the zoomed images are cropped, not grown.
    assert.deepEqual([two.input.frame, two.output.frame], [before.input.frame, before.output.frame]);
    assert.ok(near(two.input.u, 0.5 - before.input.scale / (2 * two.input.scale), 0.01), `centred: ${two.input.u}`); // the middle of the picture
    // Drag the input to the right and down: both images show more of their left and top.
    const box = await page.$eval('#input-frame', (f) => f.getBoundingClientRect().toJSON());
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30, { steps: 4 });
    await page.mouse.up();
    const panned = await view(page);
    inStep(panned, 'dragged');
    assert.ok(near(panned.input.u, two.input.u - 40 / (256 * 2), 0.01), `dragged: u ${two.input.u} -> ${panned.input.u}`);
    assert.ok(near(panned.input.v, two.input.v - 30 / (256 * 2), 0.01), `dragged: v ${two.input.v} -> ${panned.input.v}`);
    // The keyboard on the input: ArrowRight shows more of the right; + zooms, 0 fits.
    await page.focus('#input');
    await page.keyboard.press('ArrowRight');
    const right = await view(page);
    inStep(right, 'ArrowRight');
    assert.ok(right.input.u > panned.input.u, 'ArrowRight pans');
    await page.keyboard.press('+');
    const four = await view(page);
    assert.ok(near(four.input.scale, 4 * one.input.scale, 1e-3), `+: ${four.input.scale}`);
    inStep(four, '+');
    await page.keyboard.press('0');
    const fit = await view(page);
    assert.ok(near(fit.input.scale, before.input.scale, 1e-3) && near(fit.input.u, 0) && near(fit.output.u, 0), '0 fits');
    // Ctrl+wheel over the output zooms in around the pointer.
    const out = await page.$eval('#output-frame', (f) => f.getBoundingClientRect().toJSON());
    await page.mouse.move(out.x + out.width / 2, out.y + out.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    await page.waitForFunction((s) => Number(document.getElementById('zoom-level').dataset.scale) > s, fit.input.scale);
    inStep(await view(page), 'Ctrl+wheel');
  });
});

// A file larger than the preview: pixel (x, y) has these bytes (no two neighbours alike).
const rgb = (x, y) => [(x * 7) % 256, (y * 5) % 256, (x + 3 * y) % 256];

test('zoomed past a large file’s preview, the visible part is drawn from full resolution, in crisp blocks', async (t) => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 375, height: 812 }]) {
    await suite.withPage(
      t,
      '?view=image&padding=same&kernel=3&weights=identity',
      async (page) => {
        await openPng(page, 'wide.png', 2400, 1600, rgb);
        await waitImage(page);
        const previews = await page.$$eval('#input, #output', (cs) => cs.map((c) => c.width));
        assert.ok(previews.every((w) => w < 2400), `previews ${previews}`);
        await page.click('#zoom-one');
        await page.click('#zoom-in'); // 2 CSS pixels per image pixel: far past the preview
        await page.click('#zoom-in');
        for (const id of ['input-detail', 'output-detail']) {
          await page.waitForFunction((id) => !document.getElementById(id).hidden && document.getElementById(id).dataset.rect, id);
          const d = await page.evaluate((id) => {
            const c = document.getElementById(id);
            const [x, y, w, h] = c.dataset.rect.split(',').map(Number);
            const data = Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
            return { rect: [x, y, w, h], size: [c.width, c.height], css: c.getBoundingClientRect().width, rendering: getComputedStyle(c).imageRendering, data };
          }, id);
          const [x0, y0, w, h] = d.rect;
          assert.deepEqual(d.size, [w, h], id);
          assert.equal(d.rendering, 'pixelated', id);
          assert.ok(near(d.css / w, 4, 1e-3), `${id}: ${d.css / w} CSS pixels per image pixel`);
          // Every pixel of the crop is the file's own (identity layer: the output's too).
          let wrong = 0;
          for (let j = 0; j < h; j++) {
            for (let i = 0; i < w; i++) {
              const want = rgb(x0 + i, y0 + j);
              const k = 4 * (j * w + i);
              if (d.data[k] !== want[0] || d.data[k + 1] !== want[1] || d.data[k + 2] !== want[2]) wrong++;
            }
          }
          assert.equal(wrong, 0, `${id}: ${wrong} of ${w * h} pixels differ from the file (rect ${d.rect})`);
          // The crop covers what the frame shows, around the middle of the picture.
          assert.ok(x0 < 1200 && x0 + w > 1200 && y0 < 800 && y0 + h > 800, `${id}: rect ${d.rect}`);
        }
        // The magnifier's numbers come from the worker's full-resolution pixels too: the
        // patch under output (1200, 800) is the file's bytes / 255, its value the centre's.
        const out = await page.evaluate(() => {
          document.getElementById('output-frame').scrollIntoView({ block: 'center' });
          const c = document.getElementById('output');
          const r = c.getBoundingClientRect();
          return [r.left + (1200.5 * r.width) / 2400, r.top + (800.5 * r.height) / 1600];
        });
        await page.mouse.move(...out);
        await page.waitForFunction(() => {
          const m = document.getElementById('magnifier');
          return !m.hidden && m.dataset.x === '1200' && m.dataset.y === '800';
        });
        const patches = await page.$$eval('#magnifier .term', (rows) => rows.map((row) => [...row.querySelectorAll('.mgrid.patch .mcell')].map((c) => Number(c.dataset.value))));
        const values = await page.$$eval('[data-testid="magnifier-equation"]', (lines) => lines.map((l) => Number(l.dataset.value)));
        for (let ch = 0; ch < 3; ch++) {
          const want = [];
          for (let y = 799; y <= 801; y++) for (let x = 1199; x <= 1201; x++) want.push(Math.fround(rgb(x, y)[ch] / 255));
          assert.deepEqual(patches[ch], want, `channel ${ch}`);
          assert.equal(values[ch], want[4], `channel ${ch}: the identity gives the centre`);
        }
        const file = await screenshot(page, `zoomed-${viewport.width}`, { fullPage: false });
        t.diagnostic(`screenshot: ${file}`);
      },
      { viewport },
    );
  }
});
