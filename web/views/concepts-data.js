// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The numbers of convolution arithmetic a learner comes to check, each computed by the
// library (outputShape, paramCount, receptiveField, convMatrix, the ops), with the
// playground link that shows it. No DOM here, so Node tests can check the same list.
// Each fact: { id, title, value (machine-readable), text (the result in words), links }.

const ones = (shape) => ({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape });
const numbered = (shape) => ({
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1),
  shape,
});
const spatial = (shape) => shape.slice(2).join('x');
const nonzero = (m, r) => Array.from({ length: m.cols }, (_, c) => c).filter((c) => m.data[r * m.cols + c] !== 0);

function outputSizes(wc) {
  const size = (op, x, k, options, title, query) => {
    const value = spatial(wc.outputShape(op, x, k, options));
    return { title, value, text: value, links: [{ label: 'Show it', query }] };
  };
  return [
    {
      id: 'conv1d-6-2-s1',
      ...size(
        'conv1d',
        [1, 1, 6],
        [1, 1, 2],
        {},
        '1-D: length 6, kernel 2, stride 1',
        '?input=1x6&kernel=1x2&view=mechanics',
      ),
    },
    {
      id: 'conv1d-6-2-s2',
      ...size(
        'conv1d',
        [1, 1, 6],
        [1, 1, 2],
        { stride: 2 },
        '1-D: length 6, kernel 2, stride 2',
        '?input=1x6&kernel=1x2&stride=2&view=mechanics',
      ),
    },
    {
      id: 'conv-4-3',
      ...size(
        'conv2d',
        [1, 1, 4, 4],
        [1, 1, 3, 3],
        {},
        '4x4 input, 3x3 kernel, no padding, stride 1',
        '?input=4&kernel=3&view=mechanics',
      ),
    },
    {
      id: 'conv-25-5-s2',
      ...size(
        'conv2d',
        [1, 1, 25, 25],
        [1, 1, 5, 5],
        { stride: 2 },
        '25x25 input, 5x5 kernel, stride 2, no padding',
        '?input=25&kernel=5&stride=2&view=arithmetic',
      ),
    },
    {
      id: 'conv-9-3-s2',
      ...size(
        'conv2d',
        [1, 1, 9, 9],
        [1, 1, 3, 3],
        { stride: 2 },
        '9x9 input, 3x3 kernel, stride 2, no padding',
        '?input=9&kernel=3&stride=2&view=mechanics',
      ),
    },
    {
      id: 'conv-9-3-p2',
      ...size(
        'conv2d',
        [1, 1, 9, 9],
        [1, 1, 3, 3],
        { padding: 2 },
        '9x9 input, 3x3 kernel, padding 2 ("full"): up, not down',
        '?input=9&kernel=3&padding=2&view=mechanics',
      ),
    },
    {
      id: 'conv-9-3-d2-p2',
      ...size(
        'conv2d',
        [1, 1, 9, 9],
        [1, 1, 3, 3],
        { dilation: 2, padding: 2 },
        'Dilation 2 with matching padding 2 keeps 9x9',
        '?input=9&kernel=3&dilation=2&padding=2&view=mechanics',
      ),
    },
    {
      id: 'transposed-2-3',
      ...size(
        'convTranspose2d',
        [1, 1, 2, 2],
        [1, 1, 3, 3],
        {},
        'Transposed: 2x2 input, 3x3 kernel (Cᵀ maps 2x2 back to 4x4)',
        '?mode=transposed&input=2&kernel=3&view=mechanics',
      ),
    },
  ];
}

function matrices(wc) {
  const c1 = wc.convMatrix('conv1d', [1, 1, 6], ones([1, 1, 2]), { stride: 2 });
  const c = wc.convMatrix('conv2d', [1, 1, 4, 4], numbered([1, 1, 3, 3]));
  const ct = wc.convMatrix('convTranspose2d', [1, 1, 2, 2], numbered([1, 1, 3, 3]));
  const perOutput = Math.max(...Array.from({ length: c.rows }, (_, r) => nonzero(c, r).length));
  const column = (m, col) =>
    Array.from({ length: m.rows }, (_, r) => r).filter((r) => m.data[r * m.cols + col] !== 0).length;
  const perInput = Math.max(...Array.from({ length: ct.cols }, (_, col) => column(ct, col)));
  const d4 = wc.convMatrix('conv2d', [1, 1, 9, 9], ones([1, 1, 3, 3]), { dilation: 4 });
  const read = nonzero(d4, 0).map((i) => `x[${Math.floor(i / 9)},${i % 9}]`);
  return [
    {
      id: 'matrix-1d-s2',
      title: '1-D, length 6, kernel 2, stride 2: C is',
      value: `${c1.rows}x${c1.cols}`,
      text: `${c1.rows}x${c1.cols}; Cᵀ is ${c1.cols}x${c1.rows} (length 3 back to 6)`,
      links: [{ label: 'Show C', query: '?input=1x6&kernel=1x2&stride=2&view=matrix' }],
    },
    {
      id: 'matrix-4-3',
      title: '4x4 input, 3x3 kernel: C is',
      value: `${c.rows}x${c.cols}`,
      text: `${c.rows}x${c.cols}, Cᵀ is ${ct.rows}x${ct.cols}`,
      links: [
        { label: 'Show C', query: '?input=4&kernel=3&view=matrix' },
        { label: 'Show Cᵀ', query: '?mode=transposed&input=2&kernel=3&view=matrix' },
      ],
    },
    {
      id: 'many-to-one',
      title: 'Convolution is many-to-one: inputs read by one output',
      value: String(perOutput),
      text: String(perOutput),
      links: [{ label: 'Show it', query: '?input=4&kernel=3&view=mechanics' }],
    },
    {
      id: 'one-to-many',
      title: 'Transposed is one-to-many: outputs one input feeds (2x2 to 4x4)',
      value: String(perInput),
      text: String(perInput),
      links: [{ label: 'Show it', query: '?mode=transposed&input=2&kernel=3&view=mechanics' }],
    },
    {
      id: 'dilation-4-reads',
      title: '9x9 input, 3x3 kernel, dilation 4: the single output reads',
      value: read.join(' '),
      text: read.join(', '),
      links: [{ label: 'Show it', query: '?input=9&kernel=3&dilation=4&view=mechanics' }],
    },
  ];
}

function parameters(wc) {
  const p = (cin, cout, k) => wc.paramCount('conv2d', [cout, cin, k, k], { bias: true });
  const full = p(32, 64, 3);
  const squeeze = p(32, 16, 1);
  const expand = p(16, 64, 3);
  // A fully-connected layer from c x h x w to o units: o kernels of size c x h x w.
  const [c, h, w, o] = [3, 4, 4, 10];
  const fcShape = wc.outputShape('conv2d', [1, c, h, w], [o, c, h, w]);
  const fcParams = wc.paramCount('conv2d', [o, c, h, w], { bias: true });
  const x = { data: Float32Array.from({ length: c * h * w }, (_, i) => Math.sin(i)), shape: [1, c, h, w] };
  const weights = { data: Float32Array.from({ length: o * c * h * w }, (_, i) => Math.cos(i)), shape: [o, c, h, w] };
  const y = wc.conv2d(x, weights);
  // The same layer as a matrix-vector product W x (the dense layer).
  let diff = 0;
  for (let u = 0; u < o; u++) {
    let s = 0;
    for (let i = 0; i < c * h * w; i++) s += weights.data[u * c * h * w + i] * x.data[i];
    diff = Math.max(diff, Math.abs(s - y.data[u]));
  }
  return [
    {
      id: 'params-16-32',
      title: '16 to 32 channels, 3x3, with bias',
      value: String(p(16, 32, 3)),
      text: String(p(16, 32, 3)),
      links: [{ label: 'Show it', query: '?channels=16x32&bias=true&view=arithmetic' }],
    },
    {
      id: 'params-32-64',
      title: '32 to 64 channels, 3x3, with bias',
      value: String(full),
      text: String(full),
      links: [{ label: 'Show it', query: '?channels=32x64&bias=true&view=arithmetic' }],
    },
    {
      id: 'bottleneck',
      title: '1x1 bottleneck: 32 to 16 (1x1), then 16 to 64 (3x3)',
      value: String(squeeze + expand),
      text: `${squeeze} + ${expand} = ${squeeze + expand}, against ${full}`,
      links: [
        { label: 'Show 1x1', query: '?channels=32x16&kernel=1&bias=true&view=arithmetic' },
        { label: 'Show 3x3', query: '?channels=16x64&bias=true&view=arithmetic' },
      ],
    },
    {
      id: 'fc-as-conv',
      title: `Fully connected ${c}x${h}x${w} to ${o} units = a convolution with ${o} kernels of ${c}x${h}x${w}`,
      value: `${fcShape.slice(1).join('x')} ${fcParams}`,
      text: `output ${fcShape.slice(1).join('x')}, ${fcParams} parameters (${c * h * w} x ${o} + ${o}); equals W·x to ${diff.toExponential(1)}`,
      links: [
        { label: 'Show it', query: `?input=${h}x${w}&kernel=${h}x${w}&channels=${c}x${o}&bias=true&view=arithmetic` },
      ],
    },
  ];
}

function receptiveFields(wc) {
  const layers = [1, 2, 4, 8].map((d) => ({ kernel: 3, dilation: d }));
  const sizes = wc.receptiveField(layers).map((l) => l.size);
  const weights = layers.map(() => wc.paramCount('conv2d', [1, 1, 3, 3])).reduce((a, b) => a + b, 0);
  return [
    {
      id: 'rf-dilations',
      title: 'Receptive field of 3x3 layers with dilations 1, 2, 4, 8',
      value: sizes.join(' '),
      text: `${sizes.join(', ')} (grows exponentially; the weights stay ${weights / layers.length} per layer, ${weights} in all)`,
      links: [{ label: 'Show it', query: '?view=receptive-field&layers=3,3d2,3d4,3d8' }],
    },
  ];
}

// An even kernel: 'same' pads asymmetrically and the centre falls between pixels. Both
// read off the library's matrix: an interior output r reads inputs c0..c1, so the padding
// before is r - c0 taps and the kernel centre sits at (c1 - c0) / 2 + 1 (1-based).
function evenKernel(wc) {
  const n = 10,
    k = 6;
  const m = wc.convMatrix('conv1d', [1, 1, n], ones([1, 1, k]), { padding: 'same' });
  const r = Math.floor(n / 2);
  const cols = nonzero(m, r);
  const before = r - cols[0];
  const after = k - 1 - before;
  const centre = (cols[cols.length - 1] - cols[0]) / 2 + 1;
  return [
    {
      id: 'even-centre',
      title: 'A 6x6 kernel has its centre at',
      value: `${centre},${centre}`,
      text: `(${centre}, ${centre}), between pixels`,
      links: [{ label: 'Show it', query: '?input=10&kernel=6&padding=same&view=mechanics' }],
    },
    {
      id: 'even-same-padding',
      title: "'same' padding for a 6x6 kernel (before, after)",
      value: `${before},${after}`,
      text: `${before} before and ${after} after: asymmetric, so the output shifts by half a pixel`,
      links: [{ label: 'Show it', query: '?input=10&kernel=6&padding=same&view=mechanics' }],
    },
  ];
}

/**
 * The sizes a strided convolution maps onto one output size, and the output padding with
 * which the transposed op gives each back. Per axis: i (the transposed input = the
 * convolution's output), kernel k, stride s, dilation d, pads begin / end.
 */
export function sizeMapping(wc, { i, k, s, d, begin, end }) {
  const K = d * (k - 1) + 1;
  const sizes = [];
  // floor((n + begin + end - K) / s) + 1 = i holds for the s sizes from n = (i - 1)s + K -
  // begin - end on: the library is asked about those and one more on either side. Asking
  // about every n up to (i + 1)s took 32,776 calls for a 4096 input at stride 8, 0.3-0.6 s
  // a keystroke in the arithmetic view.
  const first = Math.max(1, (i - 1) * s + K - begin - end - 1);
  for (let n = first; n <= first + s + 1; n++) {
    let o;
    try {
      o = wc.outputShape('conv1d', [1, 1, n], [1, 1, k], {
        stride: s,
        dilation: d,
        padding: { begin: [begin], end: [end] },
      })[2];
    } catch {
      continue;
    }
    if (o === i) sizes.push(n);
  }
  const base = wc.outputShape('convTranspose1d', [1, 1, i], [1, 1, k], {
    stride: s,
    dilation: d,
    padding: { begin: [begin], end: [end] },
  })[2];
  return sizes.map((n) => {
    const outputPadding = n - base;
    let back = null;
    try {
      back = wc.outputShape('convTranspose1d', [1, 1, i], [1, 1, k], {
        stride: s,
        dilation: d,
        padding: { begin: [begin], end: [end] },
        outputPadding,
      })[2];
    } catch {
      // Not reachable: output padding must stay below max(stride, dilation).
    }
    return { size: n, outputPadding, back };
  });
}

function mapping(wc) {
  const rows = sizeMapping(wc, { i: 4, k: 3, s: 2, d: 1, begin: 1, end: 1 });
  return [
    {
      id: 'size-mapping',
      title: 'Kernel 3, stride 2, padding 1: convolution inputs that give 4 outputs',
      value: rows.map((r) => `${r.size}:${r.outputPadding}`).join(' '),
      text: rows.map((r) => `${r.size} (back with output_padding ${r.outputPadding})`).join(', '),
      links: [
        {
          label: 'Show it',
          query: '?mode=transposed&input=4&kernel=3&stride=2&padding=1&output-padding=1&view=arithmetic',
        },
      ],
    },
  ];
}

// Deep-learning convolution is cross-correlation: the kernel is not flipped, so a single
// bright pixel comes out as the kernel flipped (a true convolution would copy it as it is).
function names(wc) {
  const delta = { data: Float32Array.from({ length: 9 }, (_, i) => (i === 4 ? 1 : 0)), shape: [1, 1, 3, 3] };
  const y = wc.conv2d(delta, numbered([1, 1, 3, 3]), { padding: 1 });
  const values = Array.from(y.data).join(' ');
  return [
    {
      id: 'cross-correlation',
      title: 'A single bright pixel convolved with the kernel 1..9 (3x3, padding 1) gives',
      value: values,
      text: `${values}: the kernel flipped, because deep-learning "convolution" is cross-correlation (the kernel is not flipped)`,
      links: [{ label: 'Show the rows of C', query: '?input=3&kernel=3&padding=1&view=matrix' }],
    },
  ];
}

/** Every fact, grouped: [{ group, facts }]. */
export function conceptFacts(wc) {
  return [
    { group: 'Names', facts: names(wc) },
    { group: 'Output sizes', facts: outputSizes(wc) },
    { group: 'Convolution is a matrix', facts: matrices(wc) },
    { group: 'Parameters', facts: parameters(wc) },
    { group: 'Receptive field', facts: receptiveFields(wc) },
    { group: 'Odd and even kernels', facts: evenKernel(wc) },
    { group: 'Output padding resolves a many-to-one size mapping', facts: mapping(wc) },
  ];
}
