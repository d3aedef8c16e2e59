// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// "Copy as code": the current layer as PyTorch, as ONNX attributes and as a wasmconv call,
// with its channels, groups, bias, stride, dilation, padding, output padding and (transposed)
// explicit output size.

const tuple = ([a, b]) => `(${a}, ${b})`;

// Weight layout: [C_out, C_in / g, kh, kw] for convolution, [C_in, C_out / g, kh, kw] transposed.
const wShapeOf = (state) => {
  const [cin, cout] = state.channels;
  const g = state.groupCount;
  return state.mode === 'transposed' ? [cin, cout / g, ...state.kernel] : [cout, cin / g, ...state.kernel];
};

// PyTorch's padding for the pads the library uses (`pads`: explicit begin / end per axis).
// Conv2d pads symmetrically (or 'same' at stride 1); anything else is padded by hand first.
// ConvTranspose2d crops p on both sides and adds output_padding at the end, so begin b and
// end e are padding b with output_padding op + b - e when that stays below max(s, d);
// otherwise the full output is cropped by hand.
function torchPadding(state, pads) {
  if (!pads)
    return {
      args: ['padding=0'],
      note: '# No PyTorch padding gives this output size (a transposed "same" with a kernel below the stride).\n',
    };
  const transposed = state.mode === 'transposed';
  const { begin, end } = pads;
  const sym = begin[0] === end[0] && begin[1] === end[1];
  if (!transposed) {
    if (state.paddingName === 'same' && state.stride.every((v) => v === 1))
      return { args: ["padding='same'"], note: '' };
    if (sym) return { args: [`padding=${tuple(begin)}`], note: '' };
    const note = `# Asymmetric padding: x = torch.nn.functional.pad(x, (${begin[1]}, ${end[1]}, ${begin[0]}, ${end[0]})) first\n`;
    return { args: ['padding=0'], note };
  }
  const extra = [0, 1].map((a) => state.outputPadding[a] + begin[a] - end[a]);
  if (extra.every((x, a) => x >= 0 && x < Math.max(state.stride[a], state.dilation[a]))) {
    return { args: [`padding=${tuple(begin)}`, `output_padding=${tuple(extra)}`], note: '' };
  }
  const cut = (a) => `${begin[a] || ''}:${end[a] ? -end[a] : ''}`;
  const note = `# Asymmetric cropping: compute with padding=0, then y = y[..., ${cut(0)}, ${cut(1)}]\n`;
  return { args: ['padding=0', `output_padding=${tuple(state.outputPadding)}`], note };
}

// PyTorch for an explicit output size: forward(x, output_size=...) keeps the layer's
// symmetric padding p and picks output_padding = o - ((i - 1)s - 2p + K), which must be
// below the stride. With the library's derived begin b and end e that is padding b and
// output_padding op + b - e. Where that fails (b < 0, or too large a remainder), the
// unpadded output is cropped (or, negative, zero-extended) by F.pad: begin b, end e - op.
function torchOutputSize(state, pads, call) {
  const { begin, end } = pads;
  const extra = [0, 1].map((a) => state.outputPadding[a] + begin[a] - end[a]);
  const size = tuple(state.outputSize);
  if (begin.every((b) => b >= 0) && extra.every((x, a) => x >= 0 && x < state.stride[a])) {
    return { args: [`padding=${tuple(begin)}`], forward: `y = layer(x, output_size=${size})`, note: '' };
  }
  const cut = [0, 1].map((a) => [-begin[a], -(end[a] - state.outputPadding[a])]);
  const bias = state.bias ? ' (padded rows and columns get 0, not the bias)' : '';
  return {
    args: ['padding=0'],
    forward: `y = torch.nn.functional.pad(${call}, (${cut[1].join(', ')}, ${cut[0].join(', ')}))  # to ${size}: negative pads crop`,
    note: `# No PyTorch padding and output_size give the derived pads (${begin.join(', ')} begin, ${end.join(', ')} end): crop the unpadded output${bias}\n`,
  };
}

/** `pads`: the explicit begin / end padding the library uses for this layer (explicitPadding). */
export function layerCode(state, outputShape, pads = state.padding) {
  const transposed = state.mode === 'transposed';
  const { begin, end } = state.padding;
  const symmetric = begin[0] === end[0] && begin[1] === end[1];
  const sized = transposed && state.outputSize !== null;
  const torchPad = sized && pads ? torchOutputSize(state, pads, 'layer(x)') : torchPadding(state, pads);
  const torchNote = torchPad.note;
  const [cin, cout] = state.channels;
  const g = state.groupCount;
  const args = [
    `${cin}, ${cout}, kernel_size=${tuple(state.kernel)}`,
    `stride=${tuple(state.stride)}`,
    torchPad.args[0],
    `dilation=${tuple(state.dilation)}`,
    ...torchPad.args.slice(1),
  ];
  if (g !== 1) args.push(`groups=${g}`);
  // PyTorch layers have a bias unless told otherwise.
  if (!state.bias) args.push('bias=False');
  const forward = torchPad.forward ? `\n${torchPad.forward}` : '';
  const torch = `${torchNote}layer = torch.nn.${transposed ? 'ConvTranspose2d' : 'Conv2d'}(${args.filter(Boolean).join(', ')})${forward}`;

  const onnx = {
    op_type: transposed ? 'ConvTranspose' : 'Conv',
    kernel_shape: state.kernel,
    strides: state.stride,
    dilations: state.dilation,
    // With output_shape the pads are derived (auto_pad only says how to split an odd total).
    ...(sized
      ? state.paddingName === 'same'
        ? { auto_pad: 'SAME_UPPER' }
        : {}
      : state.paddingName
        ? { auto_pad: state.paddingName === 'same' ? 'SAME_UPPER' : 'VALID' }
        : { pads: [...begin, ...end] }),
    ...(transposed ? { output_padding: state.outputPadding } : {}),
    ...(sized ? { output_shape: state.outputSize } : {}),
    ...(g !== 1 ? { group: g } : {}),
  };
  // ONNX takes the bias as the optional third input B, not as an attribute.
  const onnxInputs = `// inputs: X [1, ${cin}, ${state.input.join(', ')}], W [${wShapeOf(state).join(', ')}]${state.bias ? `, B [${cout}]` : ''}`;
  const padding = state.paddingName
    ? `'${state.paddingName}'`
    : symmetric
      ? JSON.stringify(begin)
      : `{ begin: ${JSON.stringify(begin)}, end: ${JSON.stringify(end)} }`;
  const jsPadding = sized ? (state.paddingName === 'same' ? "padding: 'same', " : '') : `padding: ${padding}, `;
  const extra = `${transposed ? `, outputPadding: ${JSON.stringify(state.outputPadding)}` : ''}${sized ? `, outputShape: ${JSON.stringify(state.outputSize)}` : ''}${g !== 1 ? `, groups: ${g}` : ''}${state.bias ? ', bias' : ''}`;
  const js = [
    "import { load } from 'wasmconv';",
    'const wc = await load();',
    `// x: { data: Float32Array, shape: [1, ${cin}, ${state.input.join(', ')}] }, w: { data, shape: [${wShapeOf(state).join(', ')}] }`,
    ...(state.bias ? [`const bias = new Float32Array(${cout}); // one per output channel`] : []),
    `const y = wc.${transposed ? 'convTranspose2d' : 'conv2d'}(x, w, { stride: ${JSON.stringify(state.stride)}, ${jsPadding}dilation: ${JSON.stringify(state.dilation)}${extra} });`,
    `// y.shape is [1, ${cout}, ${outputShape.slice(2).join(', ')}]`,
  ].join('\n');
  // One attribute per line, arrays kept on one line.
  const onnxText = `{\n${Object.entries(onnx)
    .map(([k, v]) => `  "${k}": ${JSON.stringify(v)}`)
    .join(',\n')}\n}`;
  return { torch, onnx: onnxText, onnxInputs, js };
}

export function renderCode(panel, { state, outputShape, pads }) {
  const code = layerCode(state, outputShape, pads);
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
