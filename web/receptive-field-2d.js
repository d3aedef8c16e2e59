// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The receptive-field view's 2-D figure (playground only, not the blog embed): one output
// unit's field on a 2-D input, each pixel coloured by how many paths lead from it to the
// unit (receptive-field-paths.js, computed by the library), framed, its centre marked, with
// the field size, the stack's effective padding and the unit's start and centre as
// formulas with the stack's numbers (receptive-field-geometry.js). A button sets the field
// beside that of one layer with the same field: three 3x3 layers and one 7x7 see the same
// 7x7 pixels, from 27 weights per channel pair against 49.
import { fieldCounts, MAX_INPUT } from './receptive-field-paths.js';
import { signed, stackGeometry } from './receptive-field-geometry.js';
import { addBar, scaleOf, sizeCells, tint } from './views/colour.js';

let comparing = false; // the comparison stays open while the stack is edited

// A coloured grid of `side` x `side` counts (0: left blank, a hole or outside the field),
// named `label`; `field` = [first, last] pixel of the field on both axes, framed, with the
// centre marked.
function countGrid(counts, side, field, label, cols = side) {
  const grid = document.createElement('div');
  grid.className = 'grid heat rf-2d';
  grid.dataset.cols = String(side);
  grid.style.gridTemplateColumns = `repeat(${side}, var(--cell))`;
  grid.setAttribute('role', 'img');
  grid.setAttribute('aria-label', label);
  for (const v of counts) {
    const cell = document.createElement('span');
    cell.className = 'cell';
    cell.textContent = v ? String(v) : '';
    cell.dataset.value = String(v);
    grid.append(cell);
  }
  const [a, b] = field;
  const frame = document.createElement('div');
  frame.className = 'field-frame';
  frame.setAttribute('aria-hidden', 'true');
  frame.style.gridArea = `${a + 1} / ${a + 1} / ${b + 2} / ${b + 2}`;
  // The centre: one pixel (ringed) for an odd field, the corner of four (a dot) for an even one.
  const centre = document.createElement('div');
  centre.className = `field-centre ${(b - a) % 2 === 0 ? 'pixel' : 'corner'}`;
  centre.dataset.testid = 'rf-centre';
  centre.setAttribute('aria-hidden', 'true');
  const mid = (a + b) / 2;
  const [c0, c1] = [Math.floor(mid), Math.ceil(mid)];
  centre.style.gridArea = `${c0 + 1} / ${c0 + 1} / ${c1 + 2} / ${c1 + 2}`;
  grid.append(frame, centre);
  const values = counts.filter((v) => v > 0);
  const scale = scaleOf(values, 'value');
  sizeCells(grid, cols, { heat: cols > 16, max: 36, min: 5 });
  [...grid.querySelectorAll('.cell')].forEach((cell, i) => tint(cell, counts[i] || null, scale));
  return { grid, scale };
}

function figure(grid, scale, caption, testid) {
  const fig = document.createElement('figure');
  fig.dataset.testid = testid;
  const scroll = document.createElement('div');
  scroll.className = 'scroll';
  scroll.append(grid);
  const c = document.createElement('figcaption');
  c.textContent = caption;
  fig.append(scroll, c);
  addBar(fig, scale, 'Paths to the unit');
  return fig;
}

const weightsText = (layers) => {
  const squares = layers.map((l) => l.kernel * l.kernel);
  const total = squares.reduce((a, b) => a + b, 0);
  const same = layers.every((l) => l.kernel === layers[0].kernel);
  return { total, sum: same && layers.length > 1 ? `${layers.length}·${squares[0]}` : layers.map((l) => `${l.kernel}²`).join(' + ') };
};

// The stack's field (cropped to it) beside one r x r layer's, both from the library.
function comparison(wc, layers, geometry, own) {
  const { size: r } = geometry;
  const box = document.createElement('div');
  box.className = 'grids rf-compare';
  box.dataset.testid = 'rf-compare';
  const crop = [];
  const [a] = own.field;
  for (let y = a; y < a + r; y++) for (let x = a; x < a + r; x++) crop.push(own.counts[y * own.input + x]);
  const one = [{ kernel: r, stride: 1, dilation: 1, padding: 0 }];
  const oneGeometry = stackGeometry(one);
  const single = fieldCounts(wc, one, oneGeometry);
  const s0 = oneGeometry.start(single.unit);
  const singleCrop = [];
  for (let y = s0; y < s0 + r; y++) for (let x = s0; x < s0 + r; x++) singleCrop.push(single.counts[y * single.input + x]);
  const w = weightsText(layers);
  box.dataset.value = `${r}x${r},${w.total},${r * r}`;
  const name = layers.length === 1 ? 'This layer' : `These ${layers.length} layers`;
  const left = countGrid(crop, r, [0, r - 1], `${name}: a ${r}×${r} field, path counts from ${Math.min(...crop.filter((v) => v))} to ${Math.max(...crop)}`);
  const right = countGrid(singleCrop, r, [0, r - 1], `One ${r}×${r} layer: a ${r}×${r} field, one path from each pixel`);
  box.append(
    figure(left.grid, left.scale, `${name}: ${r}×${r} field, ${w.sum} = ${w.total} weights per channel pair (${w.total}C² for C channels in and out)`, 'rf-compare-stack'),
    figure(right.grid, right.scale, `One ${r}×${r} layer: ${r}×${r} field, ${r}² = ${r * r} weights per channel pair (${r * r}C²)`, 'rf-compare-one'),
  );
  const note = document.createElement('p');
  note.dataset.testid = 'rf-compare-note';
  note.textContent =
    w.total < r * r
      ? `The same ${r}×${r} field from ${w.total} weights instead of ${r * r}, with a nonlinearity between the layers; the stack weights its centre more.`
      : `The stack spends ${w.total} weights where one ${r}×${r} layer spends ${r * r}.`;
  const wrap = document.createElement('div');
  wrap.append(box, note);
  return wrap;
}

/** The section for `layers` (null: nothing to draw for a stack with a transposed layer). */
export function receptiveField2d(wc, layers) {
  const section = document.createElement('section');
  section.className = 'rf-2d-section';
  section.dataset.testid = 'rf-2d';
  const heading = document.createElement('h3');
  heading.textContent = 'The field in 2-D';
  section.append(heading);
  const p = document.createElement('p');
  section.append(p);
  if (layers.some((l) => l.transposed)) {
    p.textContent = 'The 2-D field is drawn for stacks of convolutions; the table gives the field of this stack.';
    return section;
  }
  const geometry = stackGeometry(layers);
  const { size: r, jump: J, padding: P } = geometry;
  section.dataset.size = String(r);
  section.dataset.padding = String(P);
  section.dataset.jump = String(J);
  let found;
  try {
    found = fieldCounts(wc, layers, geometry);
  } catch (e) {
    p.textContent = `This stack cannot be drawn: ${e.message}`;
    return section;
  }
  const formulas = document.createElement('ul');
  formulas.className = 'formulas';
  formulas.dataset.testid = 'rf-formulas';
  const item = (text) => {
    const li = document.createElement('li');
    li.textContent = text;
    formulas.append(li);
  };
  item(`Field: ${geometry.text.size} pixels on each axis (J_l: the product of the strides before layer l).`);
  item(`Effective padding: ${geometry.text.padding}; the stack pads as one layer with padding ${P} and stride J = ${J} would.`);
  const offset = (r - 1) / 2 - P;
  item(
    `Unit u's field starts at u·J − P = u·${J} − ${P} and its centre is at u·J − P + (r − 1)/2 = u·${J}${offset ? ` ${offset < 0 ? '−' : '+'} ${Math.abs(offset)}` : ''} ` +
      `(unit 0: start ${signed(geometry.start(0))}, centre ${signed(geometry.centre(0))}).`,
  );
  if (found.tooLarge) {
    p.textContent = `The field (${r}×${r}) needs a ${found.tooLarge}×${found.tooLarge} input to draw, past ${MAX_INPUT}×${MAX_INPUT}; the formulas give its geometry.`;
    section.append(formulas);
    return section;
  }
  const { unit, input, counts } = found;
  const first = geometry.start(unit);
  const last = first + r - 1;
  const centre = geometry.centre(unit);
  section.dataset.unit = String(unit);
  section.dataset.start = String(first);
  section.dataset.centre = String(centre);
  section.dataset.input = String(input);
  item(`Drawn: unit (${unit}, ${unit}) on a ${input}×${input} input: start ${unit}·${J} − ${P} = ${first}, centre ${first} + (${r} − 1)/2 = ${centre} on both axes.`);
  p.textContent = `Output unit (${unit}, ${unit}) of the stack: each input pixel is coloured by how many paths lead from it to the unit (kernels of ones); the frame is the ${r}×${r} field, ${r % 2 ? 'the ring its centre pixel' : 'the dot its centre (a corner: the field is even)'}.`;
  const reached = counts.filter((v) => v > 0).length;
  const holes = r * r - reached;
  const label = `Receptive field of output unit (${unit}, ${unit}) on a ${input}×${input} input: rows and columns ${first} to ${last}, centre (${centre}, ${centre}), path counts from ${Math.min(...counts.filter((v) => v))} to ${Math.max(...counts)}${holes ? `, ${holes} pixels inside never reached` : ''}`;
  const { grid, scale } = countGrid(counts, input, [first, last], label);
  grid.dataset.testid = 'rf-2d-grid';
  section.append(formulas, figure(grid, scale, `Input ${input}×${input}; field ${r}×${r} framed, centre (${centre}, ${centre}) marked.`, 'rf-2d-figure'));
  // One layer with the same field, side by side.
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `Compare with one ${r}×${r} layer`;
  button.dataset.testid = 'rf-compare-button';
  button.setAttribute('aria-expanded', String(comparing));
  const slot = document.createElement('div');
  const show = () => {
    button.setAttribute('aria-expanded', String(comparing));
    slot.replaceChildren(...(comparing ? [comparison(wc, layers, geometry, { counts, input, field: [first, last] })] : []));
  };
  button.addEventListener('click', () => {
    comparing = !comparing;
    show();
  });
  show();
  section.append(button, slot);
  return section;
}
