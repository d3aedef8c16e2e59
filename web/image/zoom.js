// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Zoom and pan for the image view: input and output sit in frames of their fitted size
// (one scale, at most 1, fitting the larger in the panel) and zoom and pan together, at
// the same CSS pixels per image pixel, showing the same part of the picture (one centre,
// as a fraction of each image). Buttons, Ctrl+wheel or a pinch zoom; dragging pans; with
// a canvas focused, + and - zoom, 0 fits and 1 shows 1:1, and on the input the arrows pan
// (on the output they move the magnifier's probe, which the view follows).
//
// The canvases hold previews of large images at the size they are shown when fitted
// (web/image/preview.js). Zoomed past a preview's resolution, the view asks for the visible crop at full resolution (`crop(rects)`,
// answered by the worker) and draws it over the preview in a second canvas, pixelated:
// image pixels become crisp blocks.

// The largest zoom, in CSS pixels per image pixel: 64, and the zoomed canvas at most 65,536
// CSS pixels long (16 for a 4096-pixel image), which Chromium still composites.
const MAX = 64;
const LONGEST = 65536;

/** The visible part of a W x H image drawn at `z` and offset [left, top] in a bw x bh frame, in image pixels. */
export function visibleRect(W, H, z, [left, top], [bw, bh]) {
  const x0 = Math.max(0, Math.floor(-left / z));
  const y0 = Math.max(0, Math.floor(-top / z));
  const x1 = Math.min(W, Math.ceil((bw - left) / z));
  const y1 = Math.min(H, Math.ceil((bh - top) / z));
  return [x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)];
}

/**
 * `frames`: [{ frame, canvas, detail }] for the input and the output; `room()` the panel's
 * width; `crop(rects)` asks the worker for [input, output] crops ([x, y, w, h] or null);
 * `moved()` is called after every change (the magnifier follows). Returns the controls.
 */
export function createZoom({ frames, readout, room, crop, moved }) {
  let fit = 1;
  let z = 1;
  let fitted = true; // follow the fit when the panel or the images change size
  let centre = [0.5, 0.5]; // [x, y], a fraction of each image
  const size = (c) => [Number(c.dataset.width ?? c.width), Number(c.dataset.height ?? c.height)];
  const box = (f) => [f.frame.clientWidth, f.frame.clientHeight];

  function offset(f) {
    const [W, H] = size(f.canvas);
    const [bw, bh] = box(f);
    const clampTo = (v, lo) => Math.min(0, Math.max(lo, v));
    return [clampTo(bw / 2 - centre[0] * W * z, bw - W * z), clampTo(bh / 2 - centre[1] * H * z, bh - H * z)];
  }

  // Keeps the centre where the frames show the most picture (no empty margin).
  function clampCentre() {
    const half = fit / z / 2;
    centre = centre.map((c) => (half >= 0.5 ? 0.5 : Math.min(1 - half, Math.max(half, c))));
  }

  // Whether frame f's canvas has enough pixels at this zoom: a preview pixel per device
  // pixel, give or take the one pixel a preview's width was rounded by.
  const sharp = (f) => f.canvas.width >= size(f.canvas)[0] || size(f.canvas)[0] * z * (devicePixelRatio || 1) <= f.canvas.width + 1;

  // Draws frame f at the current zoom and centre; returns the visible rect it needs at
  // full resolution, or null.
  function place(f) {
    const [W, H] = size(f.canvas);
    const [left, top] = offset(f);
    Object.assign(f.canvas.style, { width: `${W * z}px`, height: `${H * z}px`, transform: `translate(${left}px, ${top}px)` });
    f.frame.style.touchAction = z > fit * 1.001 ? 'none' : 'pan-x pan-y';
    if (sharp(f)) {
      f.detail.hidden = true;
      return null;
    }
    if (f.detail.dataset.rect) {
      const [x, y, w, h] = f.detail.dataset.rect.split(',').map(Number);
      Object.assign(f.detail.style, { width: `${w * z}px`, height: `${h * z}px`, transform: `translate(${left + x * z}px, ${top + y * z}px)` });
      f.detail.hidden = false;
    }
    return visibleRect(W, H, z, [left, top], box(f));
  }

  function apply() {
    clampCentre();
    const rects = frames.map(place);
    readout.textContent = `${Math.round(z * 100)}%`;
    readout.dataset.scale = String(z);
    readout.dataset.fit = String(fit);
    if (rects.some(Boolean)) crop(rects);
    moved();
  }

  /** A crop arrived: `bitmaps` [input, output] (ImageBitmap or null) of `rects`. */
  function cropped(rects, bitmaps) {
    frames.forEach((f, i) => {
      const bitmap = bitmaps[i];
      if (!bitmap) return;
      [f.detail.width, f.detail.height] = [bitmap.width, bitmap.height];
      f.detail.getContext('2d').drawImage(bitmap, 0, 0);
      bitmap.close();
      f.detail.dataset.rect = rects[i].join(',');
      place(f);
    });
  }

  /** Fits the frames to the panel (the images or the panel changed size). */
  function layout() {
    const width = Math.max(...frames.map((f) => size(f.canvas)[0]));
    const r = room();
    if (r <= 0) return;
    fit = Math.min(1, r / width);
    for (const f of frames) {
      const [W, H] = size(f.canvas);
      Object.assign(f.frame.style, { width: `${Math.round(W * fit * 100) / 100}px`, height: `${Math.round(H * fit * 100) / 100}px` });
    }
    if (fitted || z < fit) z = fit;
    apply();
  }

  /** Zooms to `next` keeping the image point under [px, py] (fractions of frame `f`'s box) in place. */
  function zoomTo(next, f = frames[0], at = [0.5, 0.5]) {
    const longest = Math.max(...frames.flatMap((g) => size(g.canvas)));
    next = Math.min(MAX, LONGEST / longest, Math.max(fit, next));
    const [W, H] = size(f.canvas);
    const [bw, bh] = box(f);
    const [left, top] = offset(f);
    // The image fraction under the anchor, kept there after the zoom.
    const u = (at[0] * bw - left) / (W * z);
    const v = (at[1] * bh - top) / (H * z);
    z = next;
    fitted = z <= fit;
    centre = [u - (at[0] - 0.5) * bw / (W * z), v - (at[1] - 0.5) * bh / (H * z)];
    apply();
  }

  /** Pans by [dx, dy] CSS pixels of frame `f`. */
  function panBy(dx, dy, f = frames[0]) {
    const [W, H] = size(f.canvas);
    centre = [centre[0] - dx / (W * z), centre[1] - dy / (H * z)];
    apply();
  }

  /** Pans so that the point [fx, fy] (fractions of the images) is in view. */
  function reveal(fx, fy, margin = 0.1) {
    const half = fit / z / 2;
    const keep = (c, p) => (p < c - half * (1 - margin) ? p + half * (1 - margin) : p > c + half * (1 - margin) ? p - half * (1 - margin) : c);
    const next = [keep(centre[0], fx), keep(centre[1], fy)];
    if (next[0] === centre[0] && next[1] === centre[1]) return;
    centre = next;
    apply();
  }

  // Pointer input: drag to pan, two fingers to pinch, Ctrl+wheel to zoom.
  let dragged = false; // the last gesture panned or pinched (its click is not a tap)
  for (const f of frames) {
    const down = new Map();
    let drag = null;
    let pinch = null;
    f.frame.addEventListener('pointerdown', (e) => {
      if (e.pointerType === 'mouse' && e.button !== 0) return;
      down.set(e.pointerId, [e.clientX, e.clientY]);
      if (down.size === 1) dragged = false;
      if (down.size === 2) {
        const [a, b] = [...down.values()];
        pinch = { distance: Math.hypot(a[0] - b[0], a[1] - b[1]), z };
        drag = null;
        dragged = true;
      } else drag = { x: e.clientX, y: e.clientY, moved: false };
    });
    f.frame.addEventListener('pointermove', (e) => {
      if (!down.has(e.pointerId)) return;
      down.set(e.pointerId, [e.clientX, e.clientY]);
      if (pinch && down.size === 2) {
        const [a, b] = [...down.values()];
        const rect = f.frame.getBoundingClientRect();
        const at = [((a[0] + b[0]) / 2 - rect.left) / rect.width, ((a[1] + b[1]) / 2 - rect.top) / rect.height];
        zoomTo(pinch.z * (Math.hypot(a[0] - b[0], a[1] - b[1]) / pinch.distance), f, at);
        return;
      }
      if (!drag) return;
      const [dx, dy] = [e.clientX - drag.x, e.clientY - drag.y];
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) f.frame.setPointerCapture?.(e.pointerId);
      drag.moved = true;
      dragged = true;
      f.frame.classList.add('panning');
      [drag.x, drag.y] = [e.clientX, e.clientY];
      panBy(dx, dy, f);
    });
    const up = (e) => {
      down.delete(e.pointerId);
      if (down.size < 2) pinch = null;
      if (down.size === 0) {
        drag = null;
        f.frame.classList.remove('panning');
      }
    };
    f.frame.addEventListener('pointerup', up);
    f.frame.addEventListener('pointercancel', up);
    f.frame.addEventListener(
      'wheel',
      (e) => {
        if (!e.ctrlKey) return;
        e.preventDefault();
        const rect = f.frame.getBoundingClientRect();
        zoomTo(z * Math.exp(-e.deltaY * 0.01), f, [(e.clientX - rect.left) / rect.width, (e.clientY - rect.top) / rect.height]);
      },
      { passive: false },
    );
  }

  /** The zoom keys of a focused canvas; true when the key was used. */
  function key(e, f) {
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === '+' || e.key === '=') zoomTo(z * 2);
    else if (e.key === '-' || e.key === '_') zoomTo(z / 2);
    else if (e.key === '0') fitView();
    else if (e.key === '1') zoomTo(1);
    else if (f && e.key.startsWith('Arrow') && z > fit) {
      const step = Math.max(...box(f)) / 8;
      const [dx, dy] = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }[e.key];
      panBy(dx, dy, f);
    } else return false;
    return true;
  }

  function fitView() {
    z = fit;
    fitted = true;
    centre = [0.5, 0.5];
    apply();
  }

  return {
    layout,
    key,
    reveal,
    cropped,
    zoomIn: () => zoomTo(z * 2),
    zoomOut: () => zoomTo(z / 2),
    fit: fitView,
    oneToOne: () => zoomTo(1),
    /** The output's or input's detail is out of date (new pixels): drawn again on the next crop. */
    forget(i) {
      frames[i].detail.hidden = true;
      delete frames[i].detail.dataset.rect;
    },
    refresh: apply,
    get dragged() {
      return dragged;
    },
    get scale() {
      return z;
    },
    /** The fitted scale: CSS pixels per image pixel when the larger image fills the panel. */
    get fitScale() {
      return fit;
    },
  };
}
