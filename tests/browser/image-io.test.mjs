// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Images in and out in Chromium: wc.fromImage reads ImageData directly and an
// HTMLCanvasElement, OffscreenCanvas, ImageBitmap, HTMLImageElement (a data: PNG), an
// HTMLVideoElement (playing a canvas's captureStream()) and a VideoFrame through a canvas,
// each giving the values of the same pixels as plain bytes; wc.toImageData gives a real
// ImageData that draws (putImageData, then read back); both work in a module worker; the
// browser-only errors (an image not loaded, a video without a frame, an unsupported element)
// name the fix. The package is imported by name from a site whose node_modules links here.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { checkedPage, launch } from './support/browser.mjs';

// The test picture, 7 x 5 opaque pixels (opaque, so that a canvas, which stores alpha
// premultiplied, keeps every byte): each channel a different pattern.
const WIDTH = 7;
const HEIGHT = 5;
const PICTURE = Array.from({ length: WIDTH * HEIGHT * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37 + (i % 4) * 90) % 256));

let site;
let server;
let browser;
before(async () => {
  site = mkdtempSync(join(tmpdir(), 'wasmconv-image-io-'));
  mkdirSync(join(site, 'node_modules'));
  symlinkSync(repoRoot, join(site, 'node_modules', 'wasmconv'), 'dir');
  // The page loads the package and the picture, then says so on <html data-ready>.
  writeFileSync(
    join(site, 'index.html'),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>image io</title>
<script type="importmap">{ "imports": { "wasmconv": "./node_modules/wasmconv/bindings/js/index.js" } }</script>
<script type="module">
  import { load, WasmconvError } from 'wasmconv';
  window.wc = await load();
  window.WasmconvError = WasmconvError;
  window.picture = new ImageData(Uint8ClampedArray.from(${JSON.stringify(PICTURE)}), ${WIDTH}, ${HEIGHT});
  // The message of the error fn throws ('no error' if none), for the tests to compare.
  window.messageOf = async (fn) => {
    try {
      await fn();
      return 'no error';
    } catch (e) {
      return (e instanceof WasmconvError ? '' : e.name + ': ') + e.message;
    }
  };
  document.documentElement.dataset.ready = 'true';
</script>`,
  );
  writeFileSync(
    join(site, 'worker.js'),
    `import { load } from './node_modules/wasmconv/bindings/js/index.js';
const wc = await load();
self.onmessage = ({ data: bitmap }) => {
  const t = wc.fromImage(bitmap, { channels: 'rgba' });
  const image = wc.toImageData(t);
  self.postMessage({ shape: t.shape, isImageData: image instanceof ImageData, bytes: Array.from(image.data) });
};
self.postMessage('ready');`,
  );
  server = await serve({ root: site, port: 0, allowedLinks: [repoRoot] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.server.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

// Opens the page and waits until the package is loaded.
async function withPage(t, body) {
  await checkedPage(t, browser.context, server.url, async ({ page }) => {
    await page.goto(`${server.url}index.html`);
    await page.waitForSelector('html[data-ready="true"]', { state: 'attached' });
    await body(page);
  });
}

// fromImage of the picture's bytes, in Node's terms: value = byte / 255 per channel, NCHW.
function expectedRgb() {
  const n = WIDTH * HEIGHT;
  const out = new Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[c * n + i] = Math.fround(PICTURE[i * 4 + c] * Math.fround(1 / 255));
  return out;
}

test('ImageData, HTMLCanvasElement, OffscreenCanvas and ImageBitmap give the values of their bytes', async (t) => {
  await withPage(t, async (page) => {
    const results = await page.evaluate(async () => {
      const { wc, picture } = window;
      const canvas = Object.assign(document.createElement('canvas'), { width: picture.width, height: picture.height });
      canvas.getContext('2d').putImageData(picture, 0, 0);
      const offscreen = new OffscreenCanvas(picture.width, picture.height);
      offscreen.getContext('2d').putImageData(picture, 0, 0);
      const bitmap = await createImageBitmap(picture);
      const sources = { ImageData: picture, HTMLCanvasElement: canvas, OffscreenCanvas: offscreen, ImageBitmap: bitmap };
      const out = {};
      for (const [name, source] of Object.entries(sources)) {
        const t = wc.fromImage(source);
        out[name] = { shape: t.shape, data: Array.from(t.data), rgba: Array.from(wc.fromImage(source, { channels: 'rgba', scale: 1 }).data) };
      }
      // The canvas keeps no trace of being read, and a WebGL canvas is read too.
      const gl = Object.assign(document.createElement('canvas'), { width: 3, height: 2 });
      const context = gl.getContext('webgl');
      out.webgl = context ? wc.fromImage(gl).shape : 'no webgl';
      return out;
    });
    const n = WIDTH * HEIGHT;
    for (const [name, got] of Object.entries(results)) {
      if (name === 'webgl') continue;
      assert.deepEqual(got.shape, [1, 3, HEIGHT, WIDTH], name);
      assert.deepEqual(got.data, expectedRgb(), name);
      // With scale 1 the RGBA planes are the bytes themselves.
      const planes = [];
      for (let c = 0; c < 4; c++) for (let i = 0; i < n; i++) planes.push(PICTURE[i * 4 + c]);
      assert.deepEqual(got.rgba, planes, name);
    }
    assert.ok(results.webgl === 'no webgl' || JSON.stringify(results.webgl) === '[1,3,2,3]', JSON.stringify(results.webgl));
  });
});

test('an HTMLImageElement from a data: PNG gives its pixels; one not loaded names the fix', async (t) => {
  await withPage(t, async (page) => {
    const got = await page.evaluate(async () => {
      const { wc, picture } = window;
      const canvas = Object.assign(document.createElement('canvas'), { width: picture.width, height: picture.height });
      canvas.getContext('2d').putImageData(picture, 0, 0);
      const img = new Image();
      img.src = canvas.toDataURL('image/png');
      await img.decode();
      const pending = new Image();
      return {
        shape: wc.fromImage(img).shape,
        data: Array.from(wc.fromImage(img).data),
        gray: Array.from(wc.fromImage(img, { channels: 'gray', scale: 1 }).data.slice(0, 3)),
        notLoaded: await window.messageOf(() => wc.fromImage(pending)),
        broken: await window.messageOf(async () => {
          const bad = new Image();
          bad.src = 'data:image/png;base64,AAAA';
          await bad.decode().catch(() => {});
          return wc.fromImage(bad);
        }),
      };
    });
    assert.deepEqual(got.shape, [1, 3, HEIGHT, WIDTH]);
    assert.deepEqual(got.data, expectedRgb());
    // Gray is the BT.601 luma, computed as G + 0.299 (R - G) + 0.114 (B - G) in float.
    const f = Math.fround;
    const luma = (i) => {
      const [r, g, b] = PICTURE.slice(i * 4, i * 4 + 3);
      return f(f(g + f(f(0.299) * (r - g))) + f(f(0.114) * (b - g)));
    };
    assert.deepEqual(got.gray, [luma(0), luma(1), luma(2)]);
    assert.equal(got.notLoaded, 'fromImage: the image has not loaded (or failed to load): await img.decode() first');
    assert.equal(got.broken, 'fromImage: the image has not loaded (or failed to load): await img.decode() first');
  });
});

test("an HTMLVideoElement playing a canvas's captureStream() and a VideoFrame give its frame", async (t) => {
  await withPage(t, async (page) => {
    const got = await page.evaluate(async () => {
      const { wc } = window;
      // Four solid quadrants: red, green, blue, white (solid, so that video's colour
      // subsampling changes little).
      const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
      const ctx = canvas.getContext('2d');
      const paint = () => {
        for (const [x, y, colour] of [[0, 0, '#f00'], [32, 0, '#0f0'], [0, 24, '#00f'], [32, 24, '#fff']]) {
          ctx.fillStyle = colour;
          ctx.fillRect(x, y, 32, 24);
        }
      };
      paint();
      const video = document.createElement('video');
      const noFrame = await window.messageOf(() => wc.fromImage(video));
      video.muted = true;
      video.srcObject = canvas.captureStream();
      const loaded = new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
      await video.play();
      paint();  // a frame after capture started
      await loaded;
      const t = wc.fromImage(video, { scale: 1 });
      const n = 64 * 48;
      const at = (x, y) => [0, 1, 2].map((c) => Math.round(t.data[c * n + y * 64 + x]));
      const frame = new VideoFrame(canvas, { timestamp: 0 });
      const fromFrame = wc.fromImage(frame, { scale: 1 });
      const frameAt = (x, y) => [0, 1, 2].map((c) => Math.round(fromFrame.data[c * n + y * 64 + x]));
      frame.close();
      const closed = await window.messageOf(() => wc.fromImage(frame));
      video.srcObject.getTracks().forEach((track) => track.stop());
      return {
        noFrame, closed, shape: t.shape, frameShape: fromFrame.shape,
        video: [at(16, 12), at(48, 12), at(16, 36), at(48, 36)],
        frame: [frameAt(16, 12), frameAt(48, 12), frameAt(16, 36), frameAt(48, 36)],
      };
    });
    assert.equal(got.noFrame, "fromImage: the video has no frame yet (readyState 0): wait for its 'loadeddata' event");
    assert.equal(got.closed, 'fromImage: the VideoFrame is closed');
    assert.deepEqual(got.shape, [1, 3, 48, 64]);
    assert.deepEqual(got.frameShape, [1, 3, 48, 64]);
    const colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];
    // Video frames may pass through YUV: within a few levels of the painted colours.
    for (const [name, quadrants] of [['video', got.video], ['frame', got.frame]]) {
      quadrants.forEach((rgb, q) => rgb.forEach((v, c) => {
        assert.ok(Math.abs(v - colours[q][c]) <= 24, `${name} quadrant ${q} channel ${c}: ${v} vs ${colours[q][c]}`);
      }));
    }
  });
});

test('toImageData gives a real ImageData that draws, and round trips through a canvas exactly', async (t) => {
  await withPage(t, async (page) => {
    const got = await page.evaluate(() => {
      const { wc, picture } = window;
      const t = wc.fromImage(picture, { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
      const image = wc.toImageData(t, { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
      const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
      const ctx = canvas.getContext('2d');
      ctx.putImageData(image, 0, 0);
      const drawn = ctx.getImageData(0, 0, image.width, image.height);
      // A gray, normalised, NHWC tensor drawn into an existing ImageData.
      const gray = { data: Float32Array.from({ length: 6 }, (_, i) => i * 10 - 20), shape: [2, 3, 1] };
      const target = new ImageData(3, 2);
      const same = wc.toImageData(gray, { layout: 'nhwc', normalize: true, output: target }) === target;
      return {
        isImageData: image instanceof ImageData,
        colorSpace: image.colorSpace,
        size: [image.width, image.height],
        equal: Array.from(drawn.data).every((v, i) => v === window.picture.data[i]),
        same,
        gray: Array.from(target.data),
      };
    });
    assert.deepEqual(got, {
      isImageData: true, colorSpace: 'srgb', size: [WIDTH, HEIGHT], equal: true, same: true,
      // -20..30 normalised: 0, 51, 102, 153, 204, 255 (R = G = B, alpha 255)
      gray: [0, 0, 0, 255, 51, 51, 51, 255, 102, 102, 102, 255, 153, 153, 153, 255, 204, 204, 204, 255, 255, 255, 255, 255],
    });
  });
});

test('a module worker converts an ImageBitmap and gets an ImageData back', async (t) => {
  await withPage(t, async (page) => {
    const got = await page.evaluate(async () => {
      const worker = new Worker('./worker.js', { type: 'module' });
      const reply = (w) => new Promise((resolve, reject) => {
        w.onmessage = ({ data }) => resolve(data);
        w.onerror = (e) => reject(new Error(e.message));
      });
      await reply(worker);  // 'ready'
      const bitmap = await createImageBitmap(window.picture);
      const result = reply(worker);
      worker.postMessage(bitmap, [bitmap]);
      const data = await result;
      worker.terminate();
      return data;
    });
    assert.deepEqual(got.shape, [1, 4, HEIGHT, WIDTH]);
    assert.equal(got.isImageData, true);
    assert.deepEqual(got.bytes, PICTURE);
  });
});

test('browser sources that are not images are refused, naming what is accepted', async (t) => {
  await withPage(t, async (page) => {
    const got = await page.evaluate(async () => {
      const { wc } = window;
      const empty = document.createElement('canvas');
      empty.width = 0;
      const bitmap = await createImageBitmap(window.picture);
      bitmap.close();
      return {
        div: await window.messageOf(() => wc.fromImage(document.createElement('div'))),
        blob: await window.messageOf(() => wc.fromImage(new Blob([]))),
        emptyCanvas: await window.messageOf(() => wc.fromImage(empty)),
        closedBitmap: await window.messageOf(() => wc.fromImage(bitmap)),
        fine: wc.fromImage(window.picture, { channels: 'gray' }).shape,
      };
    });
    const accepted = 'an ImageData, ImageBitmap, HTMLCanvasElement, OffscreenCanvas, HTMLImageElement, HTMLVideoElement, ' +
      'VideoFrame or { data: Uint8Array | Uint8ClampedArray, width, height, channels? }';
    assert.deepEqual(got, {
      div: `fromImage: source must be ${accepted}, got HTMLDivElement`,
      blob: `fromImage: source must be ${accepted}, got Blob`,
      emptyCanvas: 'fromImage: the HTMLCanvasElement has no pixels (0x150)',
      closedBitmap: 'fromImage: the ImageBitmap is closed (or empty)',
      fine: [1, 1, HEIGHT, WIDTH],
    });
  });
});
