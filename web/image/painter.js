// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// An output larger than the page shows it, drawn in the worker: each band's bytes go on a
// full-resolution OffscreenCanvas here, and the page gets only that band's rows of a
// preview at the size shown (an ImageBitmap, transferred, web/image/preview.js), so it
// never handles the full image.
// A band's preview rows are whole rows read from the full canvas. Downscaling reads a
// little past the rows asked for (Chromium's drawImage does not clamp its filter to the
// source rectangle), where the next band's rows are not written yet: the last preview
// rows of a band come out partly transparent, so each band redraws the two rows above it,
// now that their source rows are all there. A zoomed view gets crops of the full canvas,
// and a panel grown wider a new preview of it.
import { preview } from './preview.js';

/**
 * Returns { width, height, band(rgba, y0, rows) -> Promise<{ bitmap, dy }>, crop(x, y, w, h)
 * -> Promise<ImageBitmap>, preview(scale) -> Promise<ImageBitmap> } for a W x H output
 * previewed at `scale` (below 1); crop reads the full-resolution pixels (a zoomed view's
 * visible part), preview makes the whole preview again at another scale.
 */
export function createPainter(W, H, scale) {
  const [width, height] = [Math.max(1, Math.round(W * scale)), Math.max(1, Math.round(H * scale))];
  const full = new OffscreenCanvas(W, H).getContext('2d');
  const small = new OffscreenCanvas(width, height).getContext('2d');
  small.imageSmoothingQuality = 'high';
  const sy = H / height;
  return {
    width,
    height,
    async band(rgba, y0, rows) {
      full.putImageData(new ImageData(rgba, W, rows), 0, y0);
      const dy = Math.max(0, Math.floor(y0 / sy) - 2);
      const dy1 = y0 + rows >= H ? height : Math.max(dy + 1, Math.floor((y0 + rows) / sy));
      small.clearRect(0, dy, width, dy1 - dy);
      small.drawImage(full.canvas, 0, dy * sy, W, (dy1 - dy) * sy, 0, dy, width, dy1 - dy);
      return { bitmap: await createImageBitmap(small.canvas, 0, dy, width, dy1 - dy), dy };
    },
    crop: (x, y, w, h) => createImageBitmap(full.canvas, x, y, w, h),
    preview: (to) => preview(full.canvas, to),
  };
}
