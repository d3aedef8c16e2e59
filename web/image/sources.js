// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Where the image view's input comes from: a generated sample, a user image (file picker,
// drag and drop, paste; never sent anywhere: the image worker decodes it, keeps its pixels
// and sends back a preview of the size shown for the input canvas, web/image/decode.js) or the
// camera (each frame at most 640x480, drawn when the previous frame's result is back, so
// frames never queue up). The Image menu names the file shown, and picking it again
// reopens it.
import { drawSample } from './samples.js';

/**
 * Sets up the input canvas. `changed({ since })` is called when a new still image is
 * shown (`since`: when the user chose it, for the end-to-end time), `frame()` for each
 * camera frame (it returns a promise that settles when the frame's result is drawn);
 * `open(blob, version, name)` has the worker decode a file and resolves to
 * { width, height, bitmap } (the preview), { error } or null (newer pixels won);
 * `showError(text)` reports problems.
 */
export function createSources($, { changed, frame, open, showError }) {
  const canvas = $('input');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let source = 'sample';
  let drawn = null;
  let counter = 0; // numbers every set of pixels, shown or being opened
  let version = 0; // the shown pixels' number: the worker holds them under it
  let size = [256, 256]; // the image's own [height, width] (a file's canvas holds a preview)
  let opening = 0; // the number of the file being decoded; a newer choice cancels it
  let file = null; // the latest file shown: { blob, name }

  // `shown`: the canvas's own [width, height], when it holds a preview of a larger image.
  function setSize(w, h, shown = [w, h], v = ++counter) {
    version = v;
    size = [h, w];
    if (canvas.width !== shown[0] || canvas.height !== shown[1]) [canvas.width, canvas.height] = shown;
    Object.assign(canvas.dataset, { width: String(w), height: String(h) });
    $('input-size').textContent = `${h}x${w}`;
    $('input-size').dataset.value = `${h}x${w}`;
  }

  // The Image menu's entry for the file: its name, chosen while the file is shown.
  function nameFile(name) {
    const select = $('image');
    let option = select.querySelector('option[value="file"]');
    if (!option) select.add((option = new Option('', 'file')));
    option.textContent = `File: ${name}`;
    select.value = 'file';
  }

  /** Draws sample `name` unless it is already shown (or a file / the camera is the source). */
  function showSample(name, force = false) {
    if (!force && source === 'sample' && drawn === name) return false;
    if (!force && source !== 'sample') return false;
    setSize(256, 256);
    drawSample(ctx, name, 256);
    drawn = name;
    return true;
  }

  async function loadImage(blob) {
    if (!blob || !blob.type.startsWith('image/')) {
      showError('That is not an image file.');
      return;
    }
    const since = performance.now();
    stopCamera(); // its frames would be newer pixels than the file
    const v = (opening = ++counter);
    const name = blob.name || 'pasted image';
    const opened = await open(blob, v, name);
    if (opening !== v) {
      opened?.bitmap?.close();
      return;
    }
    opening = 0;
    if (!opened) return;
    if (opened.error) {
      showError(opened.error);
      return;
    }
    setSize(opened.width, opened.height, [opened.bitmap.width, opened.bitmap.height], v);
    ctx.drawImage(opened.bitmap, 0, 0);
    opened.bitmap.close();
    source = 'file';
    drawn = null;
    file = { blob, name };
    nameFile(name);
    changed({ since });
  }

  $('file').addEventListener('change', () => loadImage($('file').files[0]));
  const dropZone = $('view-image');
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    loadImage(event.dataTransfer?.files?.[0]);
  });
  document.addEventListener('paste', (event) => {
    if (dropZone.hidden) return;
    const item = [...(event.clipboardData?.items ?? [])].find((i) => i.type.startsWith('image/'));
    if (item) loadImage(item.getAsFile());
  });

  // The camera: the frame rate counts frames whose result was drawn.
  let stream = null;
  let frames = 0;
  let since = 0;
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  function stopCamera() {
    opening = 0;
    if (!stream) return;
    stream.getTracks().forEach((t) => t.stop());
    stream = null;
    $('camera').textContent = 'Use the camera';
    $('camera').setAttribute('aria-pressed', 'false');
  }
  // One filtered frame per new camera frame (requestVideoFrameCallback); a frame that
  // arrives while the previous one is still being filtered is dropped, not queued.
  let busy = false;
  let dropped = 0;
  const schedule = () =>
    'requestVideoFrameCallback' in video ? video.requestVideoFrameCallback(onFrame) : requestAnimationFrame(onFrame);
  function onFrame() {
    if (!stream) return;
    if (busy) dropped++;
    else if (video.readyState >= 2) {
      busy = true;
      const scale = Math.min(1, 640 / video.videoWidth, 480 / video.videoHeight);
      setSize(Math.round(video.videoWidth * scale), Math.round(video.videoHeight * scale));
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      frame().then(() => {
        busy = false;
        frames++;
        const now = performance.now();
        if (now - since < 1000) return;
        const fps = (frames * 1000) / (now - since);
        const label = $('camera-fps');
        label.textContent = `${fps.toFixed(0)} frames per second`;
        label.dataset.value = fps.toFixed(1);
        label.dataset.frames = String(Number(label.dataset.frames ?? 0) + frames);
        label.dataset.dropped = String(dropped);
        frames = 0;
        since = now;
      });
    }
    schedule();
  }
  $('camera').addEventListener('click', async () => {
    if (stream) {
      stopCamera();
      source = 'sample';
      drawn = null;
      changed();
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    } catch (e) {
      showError(`The camera is not available: ${e.message}`);
      return;
    }
    video.srcObject = stream;
    $('camera-fps').dataset.sourceFps = String(stream.getVideoTracks()[0]?.getSettings().frameRate ?? '');
    await video.play();
    source = 'camera';
    $('camera').textContent = 'Stop the camera';
    $('camera').setAttribute('aria-pressed', 'true');
    frames = 0;
    since = performance.now();
    schedule();
  });

  return {
    canvas,
    ctx,
    showSample,
    /** The user picked a sample: it replaces a file or the camera. */
    useSample(name) {
      stopCamera();
      source = 'sample';
      showSample(name, true);
    },
    /** The file's entry was picked again (after a sample): open it again. */
    reopen() {
      if (file) loadImage(file.blob);
    },
    /** Whether a file is shown. */
    get file() {
      return source === 'file';
    },
    /** A new preview of the file shown, pixels `v` (the panel grew: views/image.js). */
    showPreview(bitmap, v) {
      if (source === 'file' && v === version) {
        [canvas.width, canvas.height] = [bitmap.width, bitmap.height];
        ctx.drawImage(bitmap, 0, 0);
      }
      bitmap.close();
    },
    /** The image's own [height, width]. */
    get size() {
      return size;
    },
    get camera() {
      return source === 'camera';
    },
    get version() {
      return version;
    },
  };
}
