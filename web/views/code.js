// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// "Copy as code": the current layer as PyTorch, as ONNX attributes and as a wasmconv call,
// with its channels, groups, bias, stride, dilation, padding and output padding.

const tuple = ([a, b]) => `(${a}, ${b})`;

// Weight layout: [C_out, C_in / g, kh, kw] for convolution, [C_in, C_out / g, kh, kw] transposed.
const wShapeOf = (state) => {
  const [cin, cout] = state.channels;
  const g = state.groupCount;
  return state.mode === 'transposed' ? [cin, cout / g, ...state.kernel] : [cout, cin / g, ...state.kernel];
};

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
    if (transposed)
      torchNote = `# ONNX auto_pad SAME_UPPER has no PyTorch ConvTranspose2d equivalent; pass output_size=${tuple(outputShape.slice(2))} and the matching padding.\n`;
  } else if (!symmetric) {
    torchPadding = 'padding=0';
    torchNote = transposed
      ? `# Asymmetric cropping: compute with padding=0, then crop y[..., ${begin[0]}:-${end[0] || 'None'}, ${begin[1]}:-${end[1] || 'None'}]\n`
      : `# Asymmetric padding: x = torch.nn.functional.pad(x, (${begin[1]}, ${end[1]}, ${begin[0]}, ${end[0]})) first\n`;
  }
  const [cin, cout] = state.channels;
  const g = state.groupCount;
  const args = [
    `${cin}, ${cout}, kernel_size=${tuple(state.kernel)}`,
    `stride=${tuple(state.stride)}`,
    torchPadding,
    `dilation=${tuple(state.dilation)}`,
  ];
  if (transposed) args.push(`output_padding=${tuple(state.outputPadding)}`);
  if (g !== 1) args.push(`groups=${g}`);
  // PyTorch layers have a bias unless told otherwise.
  if (!state.bias) args.push('bias=False');
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
    ...(g !== 1 ? { group: g } : {}),
  };
  // ONNX takes the bias as the optional third input B, not as an attribute.
  const onnxInputs = `// inputs: X [1, ${cin}, ${state.input.join(', ')}], W [${wShapeOf(state).join(', ')}]${state.bias ? `, B [${cout}]` : ''}`;
  const padding = state.paddingName
    ? `'${state.paddingName}'`
    : symmetric
      ? JSON.stringify(begin)
      : `{ begin: ${JSON.stringify(begin)}, end: ${JSON.stringify(end)} }`;
  const extra = `${transposed ? `, outputPadding: ${JSON.stringify(state.outputPadding)}` : ''}${g !== 1 ? `, groups: ${g}` : ''}${state.bias ? ', bias' : ''}`;
  const js = [
    "import { load } from 'wasmconv';",
    'const wc = await load();',
    `// x: { data: Float32Array, shape: [1, ${cin}, ${state.input.join(', ')}] }, w: { data, shape: [${wShapeOf(state).join(', ')}] }`,
    ...(state.bias ? [`const bias = new Float32Array(${cout}); // one per output channel`] : []),
    `const y = wc.${transposed ? 'convTranspose2d' : 'conv2d'}(x, w, { stride: ${JSON.stringify(state.stride)}, padding: ${padding}, dilation: ${JSON.stringify(state.dilation)}${extra} });`,
    `// y.shape is [1, ${cout}, ${outputShape.slice(2).join(', ')}]`,
  ].join('\n');
  // One attribute per line, arrays kept on one line.
  const onnxText = `{\n${Object.entries(onnx)
    .map(([k, v]) => `  "${k}": ${JSON.stringify(v)}`)
    .join(',\n')}\n}`;
  return { torch, onnx: onnxText, onnxInputs, js };
}

export function renderCode(panel, { state, outputShape }) {
  const code = layerCode(state, outputShape);
  for (const [name, text] of [
    ['PyTorch', code.torch],
    ['ONNX attributes', code.onnx],
    ['wasmconv (JavaScript)', code.js],
  ]) {
    const note = name === 'ONNX attributes' ? code.onnxInputs : null;
    const h = document.createElement('h3');
    h.textContent = name;
    const pre = document.createElement('pre');
    pre.textContent = text;
    pre.dataset.testid = `code-${name.split(' ')[0].toLowerCase()}`;
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.textContent = `Copy ${name}`;
    copy.addEventListener('click', () =>
      navigator.clipboard?.writeText(text).then(
        () => (copy.textContent = 'Copied'),
        () => (copy.textContent = 'Copy failed: select the text instead'),
      ),
    );
    panel.append(h, pre);
    if (note) {
      const p = document.createElement('p');
      p.className = 'help';
      p.dataset.testid = 'code-onnx-inputs';
      p.textContent = note.replace('// ', '');
      panel.append(p);
    }
    panel.append(copy);
  }
}
