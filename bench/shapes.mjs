// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark's shape list (bench/shapes.txt format, see its header; the layer suites of
// bench/suites/ use it too): parsing, writing a setting back as a line, the wasmconv op
// and tensor shapes each line stands for, and the label the table prints.
import { UsageError } from './cli.mjs';

const KEYS = ['in', 'out', 'k', 's', 'p', 'd', 'g', 'op', 'count'];

/**
 * Parses shapes text into settings; `only` (a list of ids, or null) keeps a subset. A line
 * that does not follow the format, a repeated id, or an id in `only` that the list lacks
 * is a UsageError naming it.
 */
export function parseShapes(text, only = null) {
  const settings = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fail = (why) => {
      throw new UsageError(`shape line ${index + 1} "${line}": ${why}`);
    };
    const [id, op, ...rest] = line.split(/\s+/);
    if (op !== 'conv' && op !== 'convT') fail(`the op must be conv or convT, got ${op ?? 'nothing'}`);
    if (settings.some((s) => s.id === id)) fail(`the id ${id} is used twice`);
    const kv = {};
    for (const token of rest) {
      const [key, value, extra] = token.split('=');
      if (!KEYS.includes(key) || value === undefined || extra !== undefined) {
        fail(`${token} is not one of ${KEYS.map((k) => `${k}=`).join(' ')}`);
      }
      if (key in kv) fail(`${key}= is given twice`);
      kv[key] = value;
    }
    const dims = /^(\d+)x(\d+)x(\d+)$/.exec(kv.in ?? '');
    if (!dims) fail('in= must be CxHxW, e.g. in=64x56x56');
    const [c, h, w] = dims.slice(1).map(Number);
    const int = (key, fallback, min) => {
      if (kv[key] === undefined) {
        if (fallback === undefined) fail(`${key}= is missing`);
        return fallback;
      }
      const v = /^\d+$/.test(kv[key]) ? Number(kv[key]) : NaN;
      if (!(v >= min)) fail(`${key}= must be an integer >= ${min}, got ${kv[key]}`);
      return v;
    };
    const s = { id, op, c, h, w, cOut: int('out', undefined, 1), k: int('k', undefined, 1), s: int('s', 1, 1), p: int('p', 0, 0),
      d: int('d', 1, 1), g: int('g', 1, 1), op_: int('op', 0, 0), count: int('count', 1, 1) };
    if (!(c >= 1 && h >= 1 && w >= 1)) fail('in= sizes must be at least 1');
    if (c % s.g || s.cOut % s.g) fail(`g=${s.g} must divide the ${c} input and ${s.cOut} output channels`);
    settings.push(s);
  });
  if (!only) return settings;
  const missing = only.filter((id) => !settings.some((s) => s.id === id));
  if (missing.length) {
    throw new UsageError(`--only names ${missing.join(', ')}, not in the shape list (its ids: ${settings.map((s) => s.id).join(', ')})`);
  }
  return settings.filter((s) => only.includes(s.id));
}

/**
 * A setting as a line of the shape list, every key that differs from its default written
 * (parseShapes reads it back as the same setting), e.g. for bench/layer-loop.mjs --shape.
 */
export function formatShape(s) {
  const keys = [['s', s.s, 1], ['p', s.p, 0], ['d', s.d, 1], ['g', s.g, 1], ['op', s.op_, 0], ['count', s.count ?? 1, 1]];
  return [s.id, s.op, `in=${s.c}x${s.h}x${s.w}`, `out=${s.cOut}`, `k=${s.k}`,
    ...keys.filter(([, v, fallback]) => v !== fallback).map(([key, v]) => `${key}=${v}`)].join(' ');
}

/** The wasmconv function and layer-factory names, input and weight shapes, and options of a setting. */
export function wasmconvCall(s) {
  const transposed = s.op === 'convT';
  return {
    name: transposed ? 'convTranspose2d' : 'conv2d',
    layer: transposed ? 'createConvTranspose2d' : 'createConv2d',
    xShape: [1, s.c, s.h, s.w],
    wShape: transposed ? [s.c, s.cOut / s.g, s.k, s.k] : [s.cOut, s.c / s.g, s.k, s.k],
    options: { stride: s.s, padding: s.p, dilation: s.d, groups: s.g, ...(transposed ? { outputPadding: s.op_ } : {}) },
  };
}

/** The table's short description, e.g. `convT 64x64x64->32 k3 s2 p1 op1`. */
export function settingLabel(s) {
  return `${s.op} ${s.c}x${s.h}x${s.w}->${s.cOut} k${s.k}${s.s > 1 ? ` s${s.s}` : ''}${s.p ? ` p${s.p}` : ''}${s.d > 1 ? ` d${s.d}` : ''}${s.op_ ? ` op${s.op_}` : ''}${s.g > 1 ? ` g${s.g}` : ''}`;
}
