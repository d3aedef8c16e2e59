// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Opening a user's image in the worker: the browser decodes the file (createImageBitmap on
// the Blob) and an OffscreenCanvas gives its pixels, so a 4000x3000 photo costs the page
// nothing. The page only gets a preview at screen size: drawing 12 million pixels on the
// main thread took up to a second, while nothing on screen can show more than the screen's.

// Larger images are scaled down to this many pixels on their longer side (4K keeps its size).
export const MAX_SIDE = 4096;

/** An ImageBitmap of `canvas` scaled to at most `side` pixels on its longer side. */
export function preview(canvas, side) {
  const scale = Math.min(1, side / Math.max(canvas.width, canvas.height));
  if (scale === 1) return createImageBitmap(canvas);
  const small = new OffscreenCanvas(Math.max(1, Math.round(canvas.width * scale)), Math.max(1, Math.round(canvas.height * scale)));
  const ctx = small.getContext('2d');
  ctx.imageSmoothingQuality = 'high'; // a 3x reduction: the default filter would alias
  ctx.drawImage(canvas, 0, 0, small.width, small.height);
  return small.transferToImageBitmap();
}

/** A Blob -> { rgba, width, height, bitmap } (bitmap: the preview); throws if it is no image. */
export async function decode(blob, side) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error('That file could not be read as an image.');
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const [width, height] = [Math.round(bitmap.width * scale), Math.round(bitmap.height * scale)];
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, width, height).data;
  return { rgba, width, height, bitmap: await preview(canvas, side) };
}
