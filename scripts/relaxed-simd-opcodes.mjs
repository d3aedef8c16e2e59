// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Post-link rewrite for the relaxed-SIMD build: Emscripten 3.1.6 (clang 14) encodes
// __builtin_wasm_fma_f32x4 as the pre-standard prototype opcode f32x4.qfma (0xfd 175),
// which current engines reject. The standard f32x4.relaxed_madd (0xfd 261) is not a
// drop-in replacement: the prototype qfma(x, y, z) computes x + y*z, the standard
// relaxed_madd(a, b, c) computes a*b + c. Swapping the opcode alone would change what the
// code computes, and the compiler (LLVM, Binaryen) already constant-folds qfma with its
// prototype meaning, so compile-time-known operands and run-time operands would disagree.
// The prototype's meaning is therefore kept exactly: each qfma, with x, y, z on the stack
// (z on top), becomes
//
//   local.set $t2  local.set $t1  local.set $t0      ;; z, y, x
//   local.get $t1  local.get $t2  local.get $t0
//   f32x4.relaxed_madd                               ;; t1*t2 + t0 = x + y*z
//
// with three new v128 locals appended to each function that has a qfma (one set per
// function, shared by all its qfma). Engines see through these locals (V8 builds SSA
// from them), so the moves cost nothing in the compiled code. Bodies grow, so the code
// section is re-encoded: changed bodies get a new locals vector and size, the others and
// every other section are copied byte for byte. The type, import and function sections
// are read to know each function's parameter count, which the new locals' indices
// follow. The code section is decoded instruction by instruction, so only real opcodes
// change, never the same bytes inside a constant, an offset or data, and any opcode this
// decoder does not know stops the rewrite instead of guessing.
//
//   node scripts/relaxed-simd-opcodes.mjs IN.wasm [OUT.wasm]   (OUT defaults to IN)
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const QFMA = 175; // prototype f32x4.qfma
const QFMS = 176; // prototype f32x4.qfms
const RELAXED_MADD = 261; // standard f32x4.relaxed_madd

const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const SECTION_FUNCTION = 3;
const SECTION_CODE = 10;
const V128 = 0x7b;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const MAX_LOCALS = 50000; // V8's kV8MaxWasmFunctionLocals (parameters included)
const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]); // i32 i64 f32 f64 v128 funcref externref
const REFTYPES = new Set([0x70, 0x6f]);
const EXCEPTION_OPCODES = new Map([
  [0x06, 'try'], [0x07, 'catch'], [0x08, 'throw'], [0x09, 'rethrow'], [0x18, 'delegate'], [0x19, 'catch_all'],
]);

const hex = (n) => `0x${n.toString(16).padStart(2, '0')}`;
const at = (offset) => `byte offset ${offset} (${hex(offset)})`;

class Reader {
  constructor(bytes, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
  }

  byte() {
    if (this.pos >= this.bytes.length) throw new Error(`truncated module: unexpected end at ${at(this.pos)}`);
    return this.bytes[this.pos++];
  }

  skip(n) {
    if (this.pos + n > this.bytes.length) throw new Error(`truncated module: ${n} bytes needed at ${at(this.pos)}`);
    this.pos += n;
  }

  // LEB128 of at most `bits` bits. Overlong encodings and unused high bits that are not
  // zero (or, when signed, copies of the sign) are errors, as the spec says: anything
  // looser could make this decoder and the engine disagree about where an instruction ends.
  leb(bits, signed) {
    const start = this.pos;
    const maxBytes = Math.ceil(bits / 7);
    let value = 0;
    for (let i = 0; ; i++) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** (7 * i);
      if (i === maxBytes - 1) {
        const usedBits = bits - 7 * i;
        const rest = signed ? b >> (usedBits - 1) : b >> usedBits;
        const ok = signed ? rest === 0 || rest === (1 << (8 - usedBits)) - 1 : rest === 0;
        if (!ok) throw new Error(`overlong or out-of-range ${signed ? 's' : 'u'}${bits} LEB128 at ${at(start)}`);
        return signed && b & 0x40 ? value - 2 ** (7 * (i + 1)) : value;
      }
      if (!(b & 0x80)) return signed && b & 0x40 ? value - 2 ** (7 * (i + 1)) : value;
    }
  }

  u32() { return this.leb(32, false); }
  s32() { return this.leb(32, true); }
  s33() { return this.leb(33, true); }
  s64() { return this.leb(64, true); } // the value is only skipped, so its precision does not matter

  valtype() {
    const start = this.pos;
    const t = this.byte();
    if (!VALTYPES.has(t)) throw new Error(`unknown value type ${hex(t)} at ${at(start)}`);
    return t;
  }

  memarg() {
    this.u32(); // alignment
    this.u32(); // offset
  }

  blocktype() {
    const start = this.pos;
    const b = this.bytes[this.pos];
    if (b === 0x40 || VALTYPES.has(b)) {
      this.pos++;
      return;
    }
    if (this.s33() < 0) throw new Error(`invalid block type at ${at(start)}`);
  }
}

// The minimal unsigned LEB128 encoding of `value`.
function encodeU32(value) {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`cannot encode ${value} as u32`);
  const out = [];
  do {
    const b = value & 0x7f;
    value = Math.floor(value / 128);
    out.push(value > 0 ? b | 0x80 : b);
  } while (value > 0);
  return out;
}

// One 0xfc-prefixed instruction's immediates (bulk memory, table ops, saturating truncation).
function skipFcImmediates(r, sub, opStart) {
  if (sub <= 7) return; // iNN.trunc_sat_fMM_{s,u}
  switch (sub) {
    case 8: r.u32(); r.u32(); return; // memory.init data, memory
    case 9: r.u32(); return; // data.drop
    case 10: r.u32(); r.u32(); return; // memory.copy dst, src memory
    case 11: r.u32(); return; // memory.fill
    case 12: r.u32(); r.u32(); return; // table.init elem, table
    case 13: r.u32(); return; // elem.drop
    case 14: r.u32(); r.u32(); return; // table.copy
    case 15: case 16: case 17: r.u32(); return; // table.grow, table.size, table.fill
    default: throw new Error(`unknown opcode 0xfc ${sub} at ${at(opStart)}`);
  }
}

// One 0xfd-prefixed instruction's immediates (fixed-width SIMD and standard relaxed SIMD).
function skipFdImmediates(r, sub, opStart) {
  if (sub <= 11) return r.memarg(); // v128.load*, v128.store
  if (sub === 12 || sub === 13) return r.skip(16); // v128.const, i8x16.shuffle
  if (sub >= 21 && sub <= 34) return r.skip(1); // extract_lane / replace_lane
  if (sub >= 84 && sub <= 91) { r.memarg(); r.skip(1); return; } // v128.loadN_lane / storeN_lane
  if (sub === 92 || sub === 93) return r.memarg(); // v128.load32_zero, v128.load64_zero
  if (sub === QFMS) {
    throw new Error(`opcode 0xfd ${QFMS} at ${at(opStart)}: f32x4.qfms has no standard equivalent with the same operands; not supported`);
  }
  // Some numbers in these ranges are unassigned; they are taken as immediate-free and
  // left for the engine's validation to reject.
  if ((sub >= 14 && sub <= 20) || (sub >= 35 && sub <= 83) || (sub >= 94 && sub <= 255)) return;
  if (sub >= 256 && sub <= 275) return; // standard relaxed SIMD
  throw new Error(`unknown opcode 0xfd ${sub} at ${at(opStart)}`);
}

// One 0xfe-prefixed instruction's immediates (the threads proposal's atomics, in the threaded
// builds): atomic.fence has one reserved zero byte, every other one a memarg.
function skipFeImmediates(r, sub, opStart) {
  if (sub === 0x03) {
    const reserved = r.byte();
    if (reserved !== 0) throw new Error(`atomic.fence at ${at(opStart)} has a non-zero reserved byte ${hex(reserved)}`);
    return;
  }
  if (sub <= 0x02 || (sub >= 0x10 && sub <= 0x4e)) return r.memarg(); // notify, wait32/64; loads, stores, rmw, cmpxchg
  throw new Error(`unknown opcode 0xfe ${sub} at ${at(opStart)}`);
}

// Decodes one function body (locals, then instructions) from r.pos to `end`. Returns
// where its locals entries and instructions start, how many locals entries and declared
// locals it has, and the [start, end) of each qfma instruction (prefix byte included).
function decodeBody(r, end) {
  const entries = r.u32();
  const entriesStart = r.pos;
  let declared = 0;
  for (let i = 0; i < entries; i++) {
    declared += r.u32();
    r.valtype();
  }
  const code = r.pos;
  const found = [];
  let depth = 0; // open block/loop/if; the body's own final `end` closes depth 0
  while (true) {
    if (r.pos >= end) throw new Error(`function body ending at ${at(end)} has no final end`);
    const opStart = r.pos;
    const op = r.byte();
    if (op === 0x02 || op === 0x03 || op === 0x04) { // block, loop, if
      r.blocktype();
      depth++;
    } else if (op === 0x0b) { // end
      if (depth-- === 0) break;
    } else if (op === 0x00 || op === 0x01 || op === 0x05 || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1) {
      // unreachable, nop, else, return, drop, select, ref.is_null
    } else if (op === 0x0c || op === 0x0d || op === 0x10 || op === 0xd2 || (op >= 0x20 && op <= 0x26)) {
      r.u32(); // br, br_if, call, ref.func, local.*, global.*, table.get/set
    } else if (op === 0x0e) { // br_table
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
    } else if (op === 0x11) { // call_indirect type, table
      r.u32();
      r.u32();
    } else if (op === 0x1c) { // select with types
      const n = r.u32();
      for (let i = 0; i < n; i++) r.valtype();
    } else if (op >= 0x28 && op <= 0x3e) {
      r.memarg();
    } else if (op === 0x3f || op === 0x40) { // memory.size, memory.grow
      r.u32();
    } else if (op === 0x41) {
      r.s32();
    } else if (op === 0x42) {
      r.s64();
    } else if (op === 0x43) {
      r.skip(4);
    } else if (op === 0x44) {
      r.skip(8);
    } else if (op >= 0x45 && op <= 0xc4) {
      // numeric instructions have no immediates
    } else if (op === 0xd0) { // ref.null
      const t = r.byte();
      if (!REFTYPES.has(t)) throw new Error(`unknown reference type ${hex(t)} at ${at(r.pos - 1)}`);
    } else if (op === 0xfc) {
      skipFcImmediates(r, r.u32(), opStart);
    } else if (op === 0xfe) {
      skipFeImmediates(r, r.u32(), opStart);
    } else if (op === 0xfd) {
      const sub = r.u32();
      if (sub === QFMA) found.push({ start: opStart, end: r.pos });
      else skipFdImmediates(r, sub, opStart);
    } else if (EXCEPTION_OPCODES.has(op)) {
      throw new Error(`exception-handling opcode ${hex(op)} (${EXCEPTION_OPCODES.get(op)}) at ${at(opStart)} is not supported`);
    } else {
      throw new Error(`unknown opcode ${hex(op)} at ${at(opStart)}`);
    }
    if (r.pos > end) throw new Error(`instruction at ${at(opStart)} runs past its function body's end at ${at(end)}`);
  }
  if (r.pos !== end) {
    throw new Error(`function body ending at ${at(end)} was decoded to ${at(r.pos)}: its size does not match its instructions`);
  }
  return { entries, entriesStart, declared, code, found };
}

function readName(r) {
  r.skip(r.u32());
}

function readLimits(r) {
  const start = r.pos;
  const flags = r.byte();
  if (flags > 0x07) throw new Error(`unknown limits flags ${hex(flags)} at ${at(start)}`);
  const read = flags & 0x04 ? () => r.leb(64, false) : () => r.u32(); // memory64: u64 limits
  read(); // min
  if (flags & 0x01) read(); // max
}

// Type section: the parameter count of each type (function types only).
function decodeTypeSection(r, end) {
  const params = [];
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const form = r.byte();
    if (form !== 0x60) throw new Error(`type ${i} at ${at(start)} has form ${hex(form)}; only function types (0x60) are supported`);
    const n = r.u32();
    for (let j = 0; j < n; j++) r.valtype();
    const results = r.u32();
    for (let j = 0; j < results; j++) r.valtype();
    params.push(n);
  }
  if (r.pos !== end) throw new Error(`type section ends at ${at(end)} but its ${count} types end at ${at(r.pos)}`);
  return params;
}

// Import section: how many functions are imported (the other imports are skipped).
function decodeImportSection(r, end) {
  let functions = 0;
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    readName(r); // module
    readName(r); // field
    const start = r.pos;
    const kind = r.byte();
    switch (kind) {
      case 0x00: r.u32(); functions++; break; // function: type index
      case 0x01: { // table: reftype, limits
        const t = r.byte();
        if (!REFTYPES.has(t)) throw new Error(`unknown reference type ${hex(t)} at ${at(r.pos - 1)}`);
        readLimits(r);
        break;
      }
      case 0x02: readLimits(r); break; // memory
      case 0x03: { // global: valtype, mutability
        r.valtype();
        const mut = r.byte();
        if (mut > 1) throw new Error(`invalid global mutability ${hex(mut)} at ${at(r.pos - 1)}`);
        break;
      }
      case 0x04: r.byte(); r.u32(); break; // tag: attribute, type index
      default: throw new Error(`unknown import kind ${hex(kind)} at ${at(start)}`);
    }
  }
  if (r.pos !== end) throw new Error(`import section ends at ${at(end)} but its ${count} imports end at ${at(r.pos)}`);
  return functions;
}

// Function section: the type index of each defined function.
function decodeFunctionSection(r, end) {
  const types = [];
  const count = r.u32();
  for (let i = 0; i < count; i++) types.push(r.u32());
  if (r.pos !== end) throw new Error(`function section ends at ${at(end)} but its ${count} entries end at ${at(r.pos)}`);
  return types;
}

// The instructions that replace one qfma (x, y, z on the stack) with t1*t2 + t0.
function qfmaReplacement(t0) {
  const [t1, t2] = [t0 + 1, t0 + 2];
  return [
    LOCAL_SET, ...encodeU32(t2), LOCAL_SET, ...encodeU32(t1), LOCAL_SET, ...encodeU32(t0),
    LOCAL_GET, ...encodeU32(t1), LOCAL_GET, ...encodeU32(t2), LOCAL_GET, ...encodeU32(t0),
    0xfd, ...encodeU32(RELAXED_MADD),
  ];
}

// Returns the re-encoded body (without its size) of a body that has qfma instructions.
function rebuildBody(bytes, body, end, params, index) {
  const t0 = params + body.declared;
  if (t0 + 3 > MAX_LOCALS) {
    throw new Error(`function ${index} has ${t0} locals (parameters included); 3 more would exceed ${MAX_LOCALS}`);
  }
  const out = [...encodeU32(body.entries + 1), ...bytes.subarray(body.entriesStart, body.code), 3, V128];
  const replacement = qfmaReplacement(t0);
  let pos = body.code;
  for (const { start, end: opEnd } of body.found) {
    out.push(...bytes.subarray(pos, start), ...replacement);
    pos = opEnd;
  }
  out.push(...bytes.subarray(pos, end));
  return out;
}

function concat(parts) {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/**
 * Replaces every f32x4.qfma instruction of a wasm module (x + y*z) with code that computes
 * the same x + y*z with the standard f32x4.relaxed_madd, through three new v128 locals.
 * @param {Uint8Array} bytes the module (left untouched)
 * @returns {{ bytes: Uint8Array, rewritten: number }} a new array, and how many qfma were replaced
 */
export function rewriteQfma(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('rewriteQfma: expected a Uint8Array');
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (bytes.length < 8 || header.some((b, i) => bytes[i] !== b)) {
    throw new Error('not a WebAssembly module: expected the magic \\0asm and version 1');
  }
  const r = new Reader(bytes, 8);
  let typeParams = [];
  let importedFunctions = 0;
  let funcTypes = [];
  const parts = []; // the output: [start, end) ranges of the input, or new byte arrays
  let copyFrom = 0;
  let rewritten = 0;
  while (r.pos < bytes.length) {
    const sectionStart = r.pos;
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    if (end > bytes.length) throw new Error(`truncated module: section ${id} at ${at(start)} needs ${size} bytes`);
    if (id === SECTION_TYPE) typeParams = decodeTypeSection(r, end);
    else if (id === SECTION_IMPORT) importedFunctions = decodeImportSection(r, end);
    else if (id === SECTION_FUNCTION) funcTypes = decodeFunctionSection(r, end);
    else if (id === SECTION_CODE) {
      const count = r.u32();
      if (count !== funcTypes.length) {
        throw new Error(`code section at ${at(start)} has ${count} bodies but the function section declares ${funcTypes.length}`);
      }
      const content = [encodeU32(count)];
      let changed = false;
      for (let i = 0; i < count; i++) {
        const sizeStart = r.pos;
        const bodySize = r.u32();
        const bodyStart = r.pos;
        const bodyEnd = bodyStart + bodySize;
        if (bodyEnd > end) throw new Error(`function body ${i} at ${at(bodyStart)} runs past the code section's end`);
        const body = decodeBody(r, bodyEnd);
        if (body.found.length === 0) {
          content.push(bytes.subarray(sizeStart, bodyEnd));
          continue;
        }
        const type = funcTypes[i];
        if (type >= typeParams.length) throw new Error(`function ${importedFunctions + i} has type ${type}, which is not in the type section`);
        const newBody = rebuildBody(bytes, body, bodyEnd, typeParams[type], importedFunctions + i);
        content.push(encodeU32(newBody.length), newBody);
        rewritten += body.found.length;
        changed = true;
      }
      if (r.pos !== end) throw new Error(`code section ends at ${at(end)} but its ${count} bodies end at ${at(r.pos)}`);
      if (changed) {
        const section = concat(content);
        parts.push(bytes.subarray(copyFrom, sectionStart), [SECTION_CODE, ...encodeU32(section.length)], section);
        copyFrom = end;
      }
    }
    r.pos = end;
  }
  parts.push(bytes.subarray(copyFrom));
  return { bytes: rewritten ? concat(parts) : bytes.slice(), rewritten };
}

function main(args) {
  if (args.length < 1 || args.length > 2) throw new Error('usage: node scripts/relaxed-simd-opcodes.mjs IN.wasm [OUT.wasm]');
  const [input, output = input] = args;
  const { bytes, rewritten } = rewriteQfma(new Uint8Array(readFileSync(input)));
  writeFileSync(output, bytes);
  const where = output === input ? input : `${input} (written to ${output})`;
  console.log(`relaxed-simd-opcodes: ${rewritten} f32x4.qfma -> f32x4.relaxed_madd (x + y*z kept) in ${where}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    const file = process.argv[2] ? `${process.argv[2]}: ` : '';
    console.error(`relaxed-simd-opcodes: ${file}${e.message}`);
    process.exit(1);
  }
}
