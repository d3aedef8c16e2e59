// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Runs the four example networks end to end, image (or latent) in, image (or logits) out,
// on a made-up picture, and prints each one's shapes, a summary of its result and its time
// (median of 5 runs after one warm-up run):
//   node examples/networks/run.mjs            (from a project that installed wasmconv)
import { load } from 'wasmconv';

import { dcganGenerator } from './dcgan.mjs';
import { espcn } from './espcn.mjs';
import { mobileNetV2 } from './mobilenetv2.mjs';
import { picture } from './picture.mjs';
import { uNet } from './unet.mjs';

const wc = await load();
const median = (f) => {
  f();
  const times = Array.from({ length: 5 }, () => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  });
  return times.sort((a, b) => a - b)[2].toFixed(1);
};
const imagenet = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

const mobileNet = mobileNetV2(wc);
const classify = () => {
  const x = wc.fromImage(picture(224, 224), { ...imagenet, tensor: true });
  const logits = mobileNet.run(x).read();
  x.dispose();
  return logits;
};
const top = [...classify().entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([i]) => i);
console.log(`MobileNetV2: 224x224 image -> 1000 logits, top classes ${top.join(', ')} in ${median(classify)} ms`);

const unet = uNet(wc);
const segment = () => {
  const x = wc.fromImage(picture(256, 256), { tensor: true });
  const mask = wc.toImageData(unet.run(x)); // 0..1 to 0..255
  x.dispose();
  return mask;
};
const mask = segment();
console.log(`U-Net: 256x256 image -> ${mask.width}x${mask.height} mask in ${median(segment)} ms`);

const generator = dcganGenerator(wc);
const z = wc.createTensor(Float32Array.from({ length: 100 }, (_, i) => Math.sin(i)), [1, 100, 1, 1]);
const generate = () => wc.toImageData(generator.run(z), { mean: 0.5, std: 0.5 });
const generated = generate();
console.log(`DCGAN generator: latent 100 -> ${generated.width}x${generated.height} image in ${median(generate)} ms`);

for (const scale of [2, 3]) {
  const upscaler = espcn(wc, { scale });
  const upscale = () => {
    const x = wc.fromImage(picture(256, 256), { tensor: true });
    const image = wc.toImageData(upscaler.run(x));
    x.dispose();
    return image;
  };
  const big = upscale();
  console.log(`ESPCN x${scale}: 256x256 image -> ${big.width}x${big.height} image in ${median(upscale)} ms`);
  upscaler.dispose();
}
[mobileNet, unet, generator].forEach((network) => network.dispose());
z.dispose();
