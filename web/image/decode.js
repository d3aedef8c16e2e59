// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Opening a user's image in the worker: the browser decodes the file (createImageBitmap on
// the Blob) and an OffscreenCanvas gives its pixels, so a 4000x3000 photo costs the page
// nothing. The page only gets a preview at the size it shows the image (web/image/preview.js).
import { preview, previewScale } from './preview.js';

// Larger images are scaled down to this many pixels on their longer side (4K keeps its size).
export const MAX_SIDE = 4096;

/**
 * A Blob -> { rgba, width, height, bitmap } (bitmap: the preview for a panel `room` device
 * pixels wide); throws if it is no image.
 */
export async function decode(blob, room) {
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
  return { rgba, width, height, bitmap: await preview(canvas, previewScale(room, width)) };
}
