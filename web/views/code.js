// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// "Copy as code": the current layer as PyTorch, as ONNX attributes and as a wasmconv call.

const tuple = ([a, b]) => `(${a}, ${b})`;

export function layerCode(state, outputShape) {
  const transposed = state.mode === 'transposed';
  const { begin, end } = state.padding;
  const symmetric = begin[0] === end[0] && begin[1] === end[1];
  // PyTorch: symmetric padding only (ConvTranspose: no 'same'); otherwise pad explicitly.
  let torchPadding = `padding=${tuple(begin)}`;
  let torchNote = '';
  if (state.paddingName === 'valid') torchPadding = 'padding=0';
  else if (state.paddingName === 'same') {
    torchPadding = transposed ? '' : "padding='same'";
    if (transposed) torchNote = `# ONNX auto_pad SAME_UPPER has no PyTorch ConvTranspose2d equivalent; pass output_size=${tuple(outputShape.slice(2))} and the matching padding.\n`;
  } else if (!symmetric) {
    torchPadding = 'padding=0';
    torchNote = transposed
      ? `# Asymmetric cropping: compute with padding=0, then crop y[..., ${begin[0]}:-${end[0] || 'None'}, ${begin[1]}:-${end[1] || 'None'}]\n`
      : `# Asymmetric padding: x = torch.nn.functional.pad(x, (${begin[1]}, ${end[1]}, ${begin[0]}, ${end[0]})) first\n`;
  }
  const args = [`1, 1, kernel_size=${tuple(state.kernel)}`, `stride=${tuple(state.stride)}`, torchPadding,
    `dilation=${tuple(state.dilation)}`];
  if (transposed) args.push(`output_padding=${tuple(state.outputPadding)}`);
  const torch = `${torchNote}layer = torch.nn.${transposed ? 'ConvTranspose2d' : 'Conv2d'}(${args.filter(Boolean).join(', ')})`;

  const onnx = {
    op_type: transposed ? 'ConvTranspose' : 'Conv',
    kernel_shape: state.kernel,
    strides: state.stride,
    dilations: state.dilation,
    ...(state.paddingName
      ? { auto_pad: state.paddingName === 'same' ? 'SAME_UPPER' : 'VALID' }
      : { pads: [...begin, ...end] }),
    ...(transposed ? { output_padding: state.outputPadding } : {}),
  };
  const padding = state.paddingName ? `'${state.paddingName}'` : symmetric ? JSON.stringify(begin) : `{ begin: ${JSON.stringify(begin)}, end: ${JSON.stringify(end)} }`;
  const js = [
    "import { load } from 'wasmconv';",
    'const wc = await load();',
    `// x: { data: Float32Array, shape: [1, 1, ${state.input.join(', ')}] }, w: { data, shape: [1, 1, ${state.kernel.join(', ')}] }`,
    `const y = wc.${transposed ? 'convTranspose2d' : 'conv2d'}(x, w, { stride: ${JSON.stringify(state.stride)}, padding: ${padding}, dilation: ${JSON.stringify(state.dilation)}${transposed ? `, outputPadding: ${JSON.stringify(state.outputPadding)}` : ''} });`,
    `// y.shape is [${outputShape.join(', ')}]`,
  ].join('\n');
  return { torch, onnx: JSON.stringify(onnx, null, 2), js };
}

export function renderCode(panel, { state, outputShape }) {
  const code = layerCode(state, outputShape);
  for (const [name, text] of [['PyTorch', code.torch], ['ONNX attributes', code.onnx], ['wasmconv (JavaScript)', code.js]]) {
    const h = document.createElement('h3');
    h.textContent = name;
    const pre = document.createElement('pre');
    pre.textContent = text;
    pre.dataset.testid = `code-${name.split(' ')[0].toLowerCase()}`;
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.textContent = `Copy ${name}`;
    copy.addEventListener('click', () => navigator.clipboard?.writeText(text).then(
      () => (copy.textContent = 'Copied'),
      () => (copy.textContent = 'Copy failed: select the text instead'),
    ));
    panel.append(h, pre, copy);
  }
}
