// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's magnifier panel: for the output pixel under the pointer (or the
// keyboard's probe), the input patch under the kernel (padding cells dashed, a transposed
// convolution's inserted zeros dotted), the weights, their products and, per output
// channel, "sum + bias = value", with the value the library computed there. The numbers
// come from the worker (web/image/probe.js on the full-resolution input); this file only
// lays them out. A polite live line says the same in words for screen readers.

const NAMES = { 1: ['gray'], 3: ['R', 'G', 'B'] };

/** A short form of a number for a cell (its full value is in the cell's title). */
export function short(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 0.01) return String(Number(v.toFixed(a >= 10 ? 1 : 3)));
  return v.toPrecision(2);
}
/** A sum or value, to 4 decimals. */
export const fixed = (v) => (Object.is(Math.round(v * 1e4), -0) ? 0 : v).toFixed(4);

function grid(kind, kernel, cells, numbers, showNumbers) {
  const g = document.createElement('div');
  g.className = `mgrid ${kind}`;
  g.style.gridTemplateColumns = `repeat(${kernel[1]}, auto)`;
  numbers.forEach((v, i) => {
    const cell = document.createElement('span');
    const c = cells[i];
    cell.className = `mcell${kind === 'weights' ? '' : c.kind === 'pixel' ? '' : ` ${c.kind}`}`;
    cell.dataset.value = String(v);
    cell.title = kind === 'patch' && c.kind === 'zero' ? 'inserted zero' : kind === 'patch' && c.kind === 'padding' ? `padding: ${v}` : String(v);
    cell.textContent = showNumbers ? short(v) : '';
    g.append(cell);
  });
  return g;
}

/**
 * Creates the panel's content in `panel`. Returns { show(reply), hide(), shown } where
 * `reply` is the worker's probe answer: { x, y, width, height, kernel, transposed,
 * channels (input channel count), cells, terms, outputs: [{ channel, sum, bias, value }] }.
 */
export function createMagnifier(panel) {
  const where = document.createElement('p');
  where.className = 'magnifier-where';
  where.dataset.testid = 'magnifier-where';
  const body = document.createElement('div');
  body.className = 'magnifier-terms';
  const equations = document.createElement('div');
  equations.className = 'magnifier-equations';
  const live = document.createElement('p');
  live.className = 'magnifier-live';
  live.dataset.testid = 'magnifier-live';
  live.setAttribute('aria-live', 'polite');
  panel.replaceChildren(where, body, equations, live);
  panel.hidden = true;

  let last = null;
  function show(r) {
    last = r;
    const names = NAMES[r.channels] ?? Array.from({ length: r.channels }, (_, i) => `channel ${i}`);
    const outNames = NAMES[r.outputs.length] ?? r.outputs.map((o) => `channel ${o.channel}`);
    const pixels = r.cells.filter((c) => c.kind === 'pixel' || (!r.transposed && c.kind === 'padding'));
    const span = (a) => {
      const v = pixels.map((c) => c.at[a]);
      return v.length ? (Math.min(...v) === Math.max(...v) ? `${Math.min(...v)}` : `${Math.min(...v)}–${Math.max(...v)}`) : '';
    };
    const pads = r.cells.filter((c) => c.kind === 'padding').length;
    const zeros = r.cells.filter((c) => c.kind === 'zero').length;
    const reads = r.transposed
      ? pixels.length
        ? `input pixels reaching it: x ${span(1)}, y ${span(0)} (${pixels.length} of ${r.cells.length} taps; ${zeros} inserted zeros)`
        : 'no input pixel reaches it: only the bias'
      : `reads input x ${span(1)}, y ${span(0)}${pads ? ` (${pads} padding cells)` : ''}`;
    where.textContent = `Output pixel x ${r.x}, y ${r.y} of ${r.width}×${r.height}: ${reads}.`;
    Object.assign(panel.dataset, { x: String(r.x), y: String(r.y), job: String(r.job) });
    // A mixed (full) RGB layer reads every input channel for every output with the same
    // weights: its three input terms are shown once, then one equation per output.
    const mixed = r.outputs.length > 1 && r.terms.length === r.outputs.length * r.channels;
    const terms = mixed ? r.terms.filter((t) => t.out === 0) : r.terms;
    const numbers = r.kernel[1] <= 7;
    body.replaceChildren(
      ...terms.map((t) => {
        const row = document.createElement('div');
        row.className = 'term';
        Object.assign(row.dataset, { in: String(t.in), out: String(t.out), sum: String(t.sum) });
        const name = document.createElement('span');
        name.className = 'term-name';
        name.textContent = names[t.in];
        const op = (text) => Object.assign(document.createElement('span'), { className: 'term-op', textContent: text });
        const sum = Object.assign(document.createElement('span'), { className: 'term-sum', textContent: `Σ ${fixed(t.sum)}` });
        row.append(
          name,
          grid('patch', r.kernel, r.cells, t.values, numbers),
          op('×'),
          grid('weights', r.kernel, r.cells, t.weights, numbers),
          op('='),
          grid('products', r.kernel, r.cells, t.products, numbers),
          sum,
        );
        return row;
      }),
    );
    const lines = r.outputs.map((o) => {
      const line = document.createElement('p');
      line.className = 'equation';
      line.dataset.testid = 'magnifier-equation';
      Object.assign(line.dataset, { channel: outNames[o.channel], sum: String(o.sum), bias: String(o.bias), value: String(o.value) });
      const parts = mixed ? r.terms.filter((t) => t.out === o.channel).map((t) => fixed(t.sum)).join(' + ') : fixed(o.sum);
      line.textContent = `${outNames[o.channel]}: ${parts} + bias ${fixed(o.bias)} = ${fixed(o.value)}`;
      return line;
    });
    const head = Object.assign(document.createElement('p'), { className: 'equations-head', textContent: 'Sum of the products + bias = the output value the library computed:' });
    equations.replaceChildren(head, ...lines);
    const said = r.outputs.map((o) => `${outNames[o.channel]} ${fixed(o.sum)} plus bias ${fixed(o.bias)} is ${fixed(o.value)}`).join('; ');
    live.textContent = `Output pixel x ${r.x}, y ${r.y}: ${said}.`;
    panel.hidden = false;
  }

  return {
    show,
    hide() {
      panel.hidden = true;
    },
    get shown() {
      return !panel.hidden;
    },
    /** The shown pixel's window cells (web/image/probe.js), and whether it is transposed. */
    get cells() {
      return last?.cells ?? null;
    },
    get transposed() {
      return last?.transposed ?? false;
    },
  };
}
