// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Where the image view's input comes from: a generated sample, a user image (file picker,
// drag and drop, paste; decoded by the browser, never sent anywhere, scaled to at most
// 4096 pixels on a side so 4K images keep their size) or the camera (each frame at most
// 640x480, drawn when the previous frame's result is back, so frames never queue up).
import { drawSample } from './samples.js';

const MAX_SIDE = 4096;

/**
 * Sets up the input canvas. `changed()` is called when a new still image is drawn,
 * `frame()` for each camera frame (it returns a promise that settles when the frame's
 * result is drawn); `showError(text)` reports problems.
 */
export function createSources($, { changed, frame, showError }) {
  const canvas = $('input');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let source = 'sample';
  let drawn = null;
  let version = 0; // changes whenever the canvas gets new pixels

  function setSize(w, h) {
    version++;
    if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
    $('input-size').textContent = `${h}x${w}`;
    $('input-size').dataset.value = `${h}x${w}`;
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
    let bitmap;
    try {
      bitmap = await createImageBitmap(blob);
    } catch {
      showError('That file could not be read as an image.');
      return;
    }
    stopCamera();
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    setSize(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    source = 'file';
    drawn = null;
    changed();
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
    get camera() {
      return source === 'camera';
    },
    get version() {
      return version;
    },
  };
}
