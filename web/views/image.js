// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view: a real image filtered by the library with the page's stride, dilation
// and padding and a kernel preset. Channels 'per channel' filters each RGB channel on its
// own (depthwise, groups = 3); 'full' mixes them (groups = 1: every output channel sums
// the kernel over all three inputs). In transposed mode the image is upsampled by a
// transposed convolution (the bilinear preset with stride 2, padding 1 doubles the size).
const KERNELS = {
  identity: [[1]],
  box: [[1, 1, 1], [1, 1, 1], [1, 1, 1]].map((r) => r.map((v) => v / 9)),
  gaussian: (() => {
    const g = [1, 4, 6, 4, 1];
    return g.map((a) => g.map((b) => (a * b) / 256));
  })(),
  sharpen: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
  sobelx: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
  laplacian: [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
  // Bilinear interpolation as a 4x4 transposed-convolution kernel for stride 2.
  bilinear: (() => {
    const b = [0.25, 0.75, 0.75, 0.25];
    return b.map((a) => b.map((c) => a * c));
  })(),
};

const SIZE = 256;

function drawSample(ctx, name) {
  ctx.clearRect(0, 0, SIZE, SIZE);
  if (name === 'checkerboard') {
    for (let y = 0; y < SIZE; y += 16) for (let x = 0; x < SIZE; x += 16) {
      ctx.fillStyle = ((x + y) / 16) % 2 ? '#fff' : '#000';
      ctx.fillRect(x, y, 16, 16);
    }
  } else if (name === 'dot') {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIZE, SIZE);
    ctx.fillStyle = '#fff';
    ctx.fillRect(SIZE / 2, SIZE / 2, 1, 1);
  } else if (name === 'stripes') {
    for (let x = 0; x < SIZE; x += 8) {
      ctx.fillStyle = (x / 8) % 2 ? '#eee' : '#222';
      ctx.fillRect(x, 0, 8, SIZE);
    }
  } else {
    const sky = ctx.createLinearGradient(0, 0, 0, SIZE);
    sky.addColorStop(0, '#6ab7ff');
    sky.addColorStop(1, '#fde68a');
    ctx.fillStyle = sky;
    ctx.fillRect(0, 0, SIZE, SIZE);
    ctx.fillStyle = '#f59e0b';
    ctx.beginPath();
    ctx.arc(190, 70, 30, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = '#166534';
    ctx.beginPath();
    ctx.moveTo(0, 200);
    ctx.lineTo(80, 120);
    ctx.lineTo(160, 190);
    ctx.lineTo(256, 110);
    ctx.lineTo(256, 256);
    ctx.lineTo(0, 256);
    ctx.fill();
    ctx.fillStyle = '#111';
    ctx.font = 'bold 28px sans-serif';
    ctx.fillText('wasmconv', 20, 245);
  }
}

// RGBA pixels -> a [1, 3, H, W] tensor with values in [0, 1].
function toTensor(image) {
  const { width, height, data } = image;
  const plane = width * height;
  const t = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) t[c * plane + i] = data[i * 4 + c] / 255;
  return { data: t, shape: [1, 3, height, width] };
}

function toImage(tensor) {
  const [, , height, width] = tensor.shape;
  const plane = width * height;
  const out = new ImageData(width, height);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out.data[i * 4 + c] = Math.max(0, Math.min(255, tensor.data[c * plane + i] * 255));
    out.data[i * 4 + 3] = 255;
  }
  return out;
}

/** Sets up the image view; returns render(options) taking the page's conv options. */
export function createImageView(wc, $, showError) {
  const input = $('input').getContext('2d', { willReadFrequently: true });
  const output = $('output').getContext('2d');
  let lastOptions = null;

  function render(options = lastOptions, { transposed = false, groups = 'channel' } = {}) {
    lastOptions = options;
    const k = KERNELS[$('kernel').value];
    const taps = k.length * k.length;
    // Per channel: weights [3, 1, k, k]. Full: [3, 3, k, k], each input contributing a third.
    const full = groups === 'full';
    const weights = new Float32Array((full ? 9 : 3) * taps);
    for (let i = 0; i < (full ? 9 : 3); i++) weights.set(k.flat().map((v) => (full ? v / 3 : v)), i * taps);
    const wShape = [3, full ? 3 : 1, k.length, k.length];
    const x = toTensor(input.getImageData(0, 0, input.canvas.width, input.canvas.height));
    const padding = options.padding;
    const opts = {
      groups: full ? 1 : 3,
      stride: options.stride,
      dilation: options.dilation,
      padding,
      ...(transposed ? { outputPadding: options.outputPadding } : { paddingMode: padding === 'valid' ? 'zeros' : $('mode').value }),
    };
    const op = transposed ? 'convTranspose2d' : 'conv2d';
    try {
      const t0 = performance.now();
      const y = wc[op](x, { data: weights, shape: wShape }, opts);
      const ms = performance.now() - t0;
      const [, , h, w] = y.shape;
      output.canvas.width = w;
      output.canvas.height = h;
      output.putImageData(toImage(y), 0, 0);
      $('image-size').textContent = `${h}x${w}`;
      $('image-size').dataset.value = `${h}x${w}`;
      const gflops = (2 * wc.macs(op, x.shape, wShape, opts)) / ms / 1e6;
      $('timing').textContent = `in ${ms.toFixed(1)} ms (${gflops.toFixed(1)} GFLOP/s)`;
      showError('');
    } catch (e) {
      showError(e.message);
    }
  }

  function loadSample() {
    input.canvas.width = input.canvas.height = SIZE;
    drawSample(input, $('image').value);
    if (lastOptions) render(lastOptions, lastFlags);
  }

  // A user image (file picker, drag and drop, paste) is decoded by the browser and never
  // leaves it; large images are scaled to at most 1024 pixels on a side.
  async function loadImage(blob) {
    if (!blob || !blob.type.startsWith('image/')) {
      showError('That is not an image file.');
      return;
    }
    try {
      const bitmap = await createImageBitmap(blob);
      const scale = Math.min(1, 1024 / Math.max(bitmap.width, bitmap.height));
      input.canvas.width = Math.round(bitmap.width * scale);
      input.canvas.height = Math.round(bitmap.height * scale);
      input.drawImage(bitmap, 0, 0, input.canvas.width, input.canvas.height);
      render(lastOptions, lastFlags);
    } catch {
      showError('That file could not be read as an image.');
    }
  }

  $('image').addEventListener('change', () => {
    stopCamera();
    loadSample();
  });
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

  // The camera: every frame (at most 640x480) is filtered as it arrives.
  let stream = null;
  let frames = 0;
  let since = 0;
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  function stopCamera() {
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    $('camera').textContent = 'Use the camera';
    $('camera').setAttribute('aria-pressed', 'false');
  }
  function frame() {
    if (!stream) return;
    if (video.readyState >= 2) {
      const scale = Math.min(1, 640 / video.videoWidth, 480 / video.videoHeight);
      const w = Math.round(video.videoWidth * scale), h = Math.round(video.videoHeight * scale);
      if (input.canvas.width !== w || input.canvas.height !== h) {
        input.canvas.width = w;
        input.canvas.height = h;
      }
      input.drawImage(video, 0, 0, w, h);
      render(lastOptions, lastFlags);
      frames++;
      const now = performance.now();
      if (now - since >= 1000) {
        const fps = (frames * 1000) / (now - since);
        $('camera-fps').textContent = `${fps.toFixed(0)} frames per second`;
        $('camera-fps').dataset.value = fps.toFixed(1);
        $('camera-fps').dataset.frames = String(Number($('camera-fps').dataset.frames ?? 0) + frames);
        frames = 0;
        since = now;
      }
    }
    requestAnimationFrame(frame);
  }
  $('camera').addEventListener('click', async () => {
    if (stream) {
      stopCamera();
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    } catch (e) {
      showError(`The camera is not available: ${e.message}`);
      return;
    }
    video.srcObject = stream;
    await video.play();
    $('camera').textContent = 'Stop the camera';
    $('camera').setAttribute('aria-pressed', 'true');
    frames = 0;
    since = performance.now();
    requestAnimationFrame(frame);
  });
  let lastFlags = {};
  const rerender = () => render(lastOptions, lastFlags);
  for (const id of ['kernel', 'mode']) $(id).addEventListener('input', rerender);
  loadSample();
  return (options, flags) => {
    lastFlags = flags;
    render(options, flags);
  };
}
