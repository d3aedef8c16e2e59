// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's previews, made in its worker: the page draws an image no larger than
// it shows it. Input and output are drawn at one scale (web/image/zoom.js fits the wider
// of the two to the panel), so a preview is that scale times the device pixel ratio, at
// most 1: `room`, the panel's width in device pixels, over the wider image's width. A
// larger image costs the page nothing it could show (drawing a 4000x3000 photo's 12
// million pixels on the main thread took up to a second), and a preview made for a
// phone-width window is made again when the panel grows (views/image.js).

/** The scale of the previews when the wider of input and output is `widest` pixels wide. */
export const previewScale = (room, widest) => Math.min(1, room / widest);

/** An ImageBitmap of `canvas` scaled by `scale` (at most 1), smoothed. */
export function preview(canvas, scale) {
  if (scale >= 1) return createImageBitmap(canvas);
  const small = new OffscreenCanvas(Math.max(1, Math.round(canvas.width * scale)), Math.max(1, Math.round(canvas.height * scale)));
  const ctx = small.getContext('2d');
  ctx.imageSmoothingQuality = 'high'; // a 3x reduction: the default filter would alias
  ctx.drawImage(canvas, 0, 0, small.width, small.height);
  return small.transferToImageBitmap();
}
