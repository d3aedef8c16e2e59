// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The `activation` option of every op and layer, parsed into what the C++ request takes.
// A module of its own so that the blog embed, whose figures never take an activation, can
// leave it out (scripts/build-embed.mjs).

// The activations named by a string; clamp and leakyRelu take numbers ({ clamp: [min, max] },
// { leakyRelu: alpha }), which C++ checks (finite, min <= max).
const ACTIVATIONS = ['relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish', 'silu', 'gelu'];
const ACTIVATION_FORMS = `${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}, { clamp: [min, max] }, { leakyRelu: alpha }`;
// Names other libraries use for the same functions.
const ACTIVATION_ALIASES = { swish: 'silu', hardswish: 'hardSwish', hard_swish: 'hardSwish', logistic: 'sigmoid' };

// The `activation` option as { value } (the request's { kind, min, max, alpha }, or null for
// none) or { error } (the message, without the function's name). `describe` formats a value.
export function parseActivation(a, describe) {
  if (a === undefined || a === null) return { value: null };
  if (typeof a === 'string') {
    if (ACTIVATIONS.includes(a)) return { value: { kind: a } };
    const lower = a.toLowerCase();
    let hint = ACTIVATIONS.find((n) => n.toLowerCase() === lower) ?? ACTIVATION_ALIASES[lower];
    hint = hint ? ` (did you mean '${hint}'?)` : '';
    if (lower === 'clamp') hint = ' (clamp takes its bounds: { clamp: [min, max] })';
    if (lower === 'leakyrelu' || lower === 'leaky_relu') hint = ' (leakyRelu takes its slope: { leakyRelu: 0.01 })';
    if (lower === 'none' || lower === 'linear' || lower === 'identity') hint = ' (leave activation out for none)';
    return { error: `activation: unknown '${a}'; use one of ${ACTIVATION_FORMS}${hint}` };
  }
  if (typeof a === 'object' && !Array.isArray(a)) {
    const keys = Object.keys(a);
    if (keys.length === 1 && keys[0] === 'clamp') {
      const c = a.clamp;
      if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') {
        return { error: `activation: clamp must be [min, max], two numbers, got ${describe(c)}` };
      }
      return { value: { kind: 'clamp', min: c[0], max: c[1] } };
    }
    if (keys.length === 1 && keys[0] === 'leakyRelu') {
      if (typeof a.leakyRelu !== 'number') {
        return { error: `activation: leakyRelu must be a number (the slope for negative values, e.g. 0.01), got ${describe(a.leakyRelu)}` };
      }
      return { value: { kind: 'leakyRelu', alpha: a.leakyRelu } };
    }
    return { error: `activation: an object must be { clamp: [min, max] } or { leakyRelu: alpha }, got keys ${describe(keys)}` };
  }
  return { error: `activation must be one of ${ACTIVATION_FORMS}, got ${describe(a)}` };
}
