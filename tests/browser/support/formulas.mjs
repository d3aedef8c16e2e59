// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Reads the arithmetic the playground prints, such as
//   "H: floor((600 + 0 + 0 − (2·(3 − 1) + 1)) / 1) + 1 = 596"
//   "total = (4 − 1)·2 + 1·(3 − 1) + 1 + 0 − 8 = 1, end = floor(total / 2) = floor(1 / 2) = 0"
// and evaluates it with a small tokenizer and recursive-descent parser of its own (no
// eval, no Function): numbers, + − - · × * /, brackets, unary minus, floor, ceil, max, min.
// A text is cut into clauses at ; : newlines and top-level commas; a clause with = is a
// chain a = b = c. Parts with words in them (i, s, total, p_begin) are the symbolic form
// and are not evaluated; the first part may end in numbers after its words ("top 2 − 0"),
// and the last part is read up to where its arithmetic ends ("12 receives from ...").
// Every chain with two or more numeric parts is a formula: they must all be equal.

const FUNCTIONS = { floor: Math.floor, ceil: Math.ceil, max: Math.max, min: Math.min };
const OPERATORS = { '+': '+', '-': '-', '−': '-', '·': '*', '×': '*', '*': '*', '/': '/' };

/** Tokens: { t: 'num', v } | { t: 'op', v } | { t: '(' } | { t: ')' } | { t: ',' } | { t: 'fn', v } | { t: 'word', v } | { t: 'other', v }. */
export function tokenize(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ t: 'num', v: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z_0-9]*/.exec(text.slice(i));
    if (word) {
      const isFunction = word[0] in FUNCTIONS && text.slice(i + word[0].length).trimStart().startsWith('(');
      tokens.push({ t: isFunction ? 'fn' : 'word', v: word[0] });
      i += word[0].length;
      continue;
    }
    if (c in OPERATORS) tokens.push({ t: 'op', v: OPERATORS[c] });
    else if (c === '(' || c === ')' || c === ',') tokens.push({ t: c });
    else tokens.push({ t: 'other', v: c });
    i++;
  }
  return tokens;
}

/** The value of a whole token list, or throws if it is not one arithmetic expression. */
export function evaluate(tokens) {
  let at = 0;
  const peek = () => tokens[at];
  const take = (t, v) => {
    const token = tokens[at];
    if (!token || token.t !== t || (v !== undefined && token.v !== v)) throw new Error(`expected ${v ?? t} at token ${at}`);
    at++;
    return token;
  };
  const primary = () => {
    const token = peek();
    if (!token) throw new Error('unexpected end');
    if (token.t === 'num') return take('num').v;
    if (token.t === '(') {
      take('(');
      const v = expression();
      take(')');
      return v;
    }
    if (token.t === 'fn') {
      take('fn');
      take('(');
      const args = [expression()];
      while (peek()?.t === ',') {
        take(',');
        args.push(expression());
      }
      take(')');
      return FUNCTIONS[token.v](...args);
    }
    throw new Error(`unexpected ${token.t} ${token.v ?? ''} at token ${at}`);
  };
  const unary = () => {
    if (peek()?.t === 'op' && peek().v === '-') {
      take('op');
      return -unary();
    }
    return primary();
  };
  const term = () => {
    let v = unary();
    while (peek()?.t === 'op' && (peek().v === '*' || peek().v === '/')) {
      const op = take('op').v;
      const r = unary();
      v = op === '*' ? v * r : v / r;
    }
    return v;
  };
  const expression = () => {
    let v = term();
    while (peek()?.t === 'op' && (peek().v === '+' || peek().v === '-')) {
      const op = take('op').v;
      const r = term();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  if (tokens.length === 0) throw new Error('empty');
  const v = expression();
  if (at !== tokens.length) throw new Error(`left over from token ${at}`);
  return v;
}

const tryValue = (tokens) => {
  try {
    return evaluate(tokens);
  } catch {
    return null;
  }
};
const symbolic = (token) => token.t === 'word' || token.t === 'other';

// The numbers at the end of a first part, after its last word: "top 2 − 0" -> 2 − 0. A
// tail that starts with an operator belongs to the symbolic form ("output_padding + 1").
function tailValue(tokens) {
  let start = tokens.length;
  while (start > 0 && !symbolic(tokens[start - 1])) start--;
  const tail = tokens.slice(start);
  if (tail.length === 0 || tail[0].t === 'op' || tail[0].t === ')') return null;
  const value = tryValue(tail);
  return value === null ? null : { text: tail, value }; // "Output (1, 1)": a position, not arithmetic
}

// The longest start of a last part that is arithmetic: "12 receives from" -> 12.
function headValue(tokens) {
  for (let end = tokens.length; end > 0; end--) {
    if (tokens.slice(0, end).some(symbolic)) continue;
    const value = tryValue(tokens.slice(0, end));
    if (value !== null) return { text: tokens.slice(0, end), value };
  }
  return null;
}

/** The clauses of a text: cut at ; : newlines and at commas outside brackets. */
export function clauses(text) {
  const out = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth = Math.max(0, depth - 1);
    if (c === ';' || c === ':' || c === '\n' || (c === ',' && depth === 0)) {
      out.push(current);
      current = '';
      depth = 0;
    } else current += c;
  }
  out.push(current);
  return out;
}

/**
 * The formulas of a text: [{ text, values, ok }] for each chain with at least two numeric
 * parts; `values` are their values left to right, the last one the result printed, and
 * `ok` says whether they all equal it (to 1e-9, relative).
 */
export function formulas(text) {
  const found = [];
  for (const clause of clauses(text)) {
    if (!clause.includes('=')) continue;
    const parts = clause.split('=').map(tokenize);
    const values = [];
    parts.forEach((tokens, n) => {
      if (n === 0) {
        const tail = tailValue(tokens);
        if (tail) values.push(tail.value);
      } else if (n === parts.length - 1) {
        const head = headValue(tokens);
        if (head) values.push(head.value);
      } else if (!tokens.some(symbolic)) {
        values.push(tryValue(tokens));
      }
    });
    if (values.length < 2) continue;
    const result = values[values.length - 1];
    const ok = values.every((v) => v !== null && Math.abs(v - result) <= 1e-9 * Math.max(1, Math.abs(result)));
    found.push({ text: clause.trim(), values, ok });
  }
  return found;
}
