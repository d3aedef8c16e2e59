// Images in and out (docs/images.md): bytes to a tensor, a convolution, and back to RGBA.
// In a browser the source may also be an ImageData, a canvas, an <img>, a <video> or an
// ImageBitmap, and toImageData returns an ImageData. tests/js/examples.test.mjs runs this
// file and checks each printed line.
import { load } from 'wasmconv';

const wc = await load();
const show = (label, value) => console.log(`${label}: ${JSON.stringify(value)}`);
const round = (values, digits = 3) => Array.from(values, (v) => Number(v.toFixed(digits)));

// A 4x2 RGB picture as bytes: red, green, blue, white; black, gray, yellow, cyan.
const pixels = {
  data: Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255,
    0, 0, 0, 128, 128, 128, 255, 255, 0, 0, 255, 255),
  width: 4,
  height: 2,
  channels: 3,
};

// To a tensor: NCHW RGB, byte / 255 by default.
const x = wc.fromImage(pixels);
show('shape', x.shape);
show('red plane', round(x.data.slice(0, 8)));
// A model's normalisation: (byte / 255 - mean[c]) / std[c], here ImageNet's.
const net = wc.fromImage(pixels, { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
show('normalised red of pixel 0', round(net.data.slice(0, 1), 4));
// Gray (BT.601 luma) on a 0..255 scale; NHWC with alpha for other libraries.
show('gray', round(wc.fromImage(pixels, { channels: 'gray', scale: 1 }).data, 1));
show('nhwc rgba', wc.fromImage(pixels, { channels: 'rgba', layout: 'nhwc' }).shape);

// Filter: a horizontal difference per channel (depthwise), drawn with min-max normalisation.
const diff = { data: Float32Array.of(-1, 0, 1, -1, 0, 1, -1, 0, 1), shape: [3, 1, 1, 3] };
const edges = wc.conv2d(x, diff, { padding: 'same', groups: 3 });
const drawn = wc.toImageData(edges, { normalize: true });
show('edges, first row RGBA', Array.from(drawn.data.slice(0, 16)));

// Back to bytes: the inverse map with the same options; a round trip is exact.
const back = wc.toImageData(net, { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
show('round trip', [back.width, back.height, pixels.data.every((v, i) => back.data[Math.floor(i / 3) * 4 + (i % 3)] === v)]);

// In wasm memory (tensor: true), ready for layers with no copy; dispose() when done.
const resident = wc.fromImage(pixels, { tensor: true });
const layer = wc.createConv2d(diff, { padding: 'same', groups: 3 });
show('resident', [resident.shape, Array.from(wc.toImageData(layer.run(resident), { scale: 1 }).data.slice(0, 4))]);
layer.dispose();
resident.dispose();
