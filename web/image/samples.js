// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Sample images generated in code (no files to fetch): a photo-like scene, a
// checkerboard, a single bright dot (a convolution of it shows the kernel itself, a
// transposed convolution its footprint), text (thin strokes and sharp edges) and stripes.

export const SAMPLES = {
  scene: 'Generated scene',
  checkerboard: 'Checkerboard',
  dot: 'Single bright dot',
  text: 'Text',
  stripes: 'Stripes',
};

/** Draws sample `name` on a 2-D context, filling `size` x `size` pixels. */
export function drawSample(ctx, name, size = 256) {
  const u = size / 256;
  ctx.clearRect(0, 0, size, size);
  if (name === 'checkerboard') {
    const cell = 16 * u;
    for (let y = 0; y < size; y += cell) {
      for (let x = 0; x < size; x += cell) {
        ctx.fillStyle = Math.round((x + y) / cell) % 2 ? '#fff' : '#000';
        ctx.fillRect(x, y, cell, cell);
      }
    }
  } else if (name === 'dot') {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, size, size);
    ctx.fillStyle = '#fff';
    ctx.fillRect(Math.floor(size / 2), Math.floor(size / 2), 1, 1);
  } else if (name === 'stripes') {
    for (let x = 0; x < size; x += 8 * u) {
      ctx.fillStyle = Math.round(x / (8 * u)) % 2 ? '#eee' : '#222';
      ctx.fillRect(x, 0, 8 * u, size);
    }
  } else if (name === 'text') {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.fillStyle = '#111';
    ctx.textBaseline = 'top';
    const lines = [
      ['bold', 40, 'Convolve'],
      ['', 28, 'stride 2, pad 1'],
      ['', 20, 'y = x ⋆ w + b'],
      ['', 14, 'The quick brown fox'],
      ['', 10, 'jumps over the lazy dog.'],
      ['', 12, 'ABCDEFGHIJKLM 0123456789'],
      ['bold', 16, 'edges | thin lines'],
      ['', 8, 'Eight-pixel print to blur away.'],
    ];
    let y = 12 * u;
    for (const [weight, px, line] of lines) {
      ctx.font = `${weight} ${px * u}px sans-serif`.trim();
      ctx.fillText(line, 12 * u, y);
      y += (px + 14) * u;
    }
  } else {
    const sky = ctx.createLinearGradient(0, 0, 0, size);
    sky.addColorStop(0, '#6ab7ff');
    sky.addColorStop(1, '#fde68a');
    ctx.fillStyle = sky;
    ctx.fillRect(0, 0, size, size);
    ctx.fillStyle = '#f59e0b';
    ctx.beginPath();
    ctx.arc(190 * u, 70 * u, 30 * u, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = '#166534';
    ctx.beginPath();
    ctx.moveTo(0, 200 * u);
    ctx.lineTo(80 * u, 120 * u);
    ctx.lineTo(160 * u, 190 * u);
    ctx.lineTo(size, 110 * u);
    ctx.lineTo(size, size);
    ctx.lineTo(0, size);
    ctx.fill();
    ctx.fillStyle = '#111';
    ctx.font = `bold ${28 * u}px sans-serif`;
    ctx.fillText('wasmconv', 20 * u, 245 * u);
  }
}
