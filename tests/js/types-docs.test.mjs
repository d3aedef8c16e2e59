// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Every declaration of bindings/js/index.d.ts is documented: the TypeScript compiler API
// walks the file and lists each top-level declaration, interface, class and type-literal
// member, and function or method parameter (its @param tag) that lacks JSDoc text. Also
// checks that the hover text states the facts users ask for (weight and input layouts per
// op, units, the examples the API's main entry points carry). Runs as a test
// (`node --test tests/js/types-docs.test.mjs`) or as a script printing what lacks docs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import ts from 'typescript';

import { repoRoot } from './support/paths.mjs';

const DTS = join(repoRoot, 'bindings', 'js', 'index.d.ts');

// The JSDoc text (tags excluded) attached to `node`, '' when none. It is what an editor
// shows on hover: the parser attaches no JSDoc that sits on the line of a type literal's
// opening brace (`{ /** x */ a: number }`), so neither does this check.
function docText(node) {
  return ts.getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join('\n')
    .trim();
}

const nameOf = (node) => (node.name && ts.isIdentifier(node.name) ? node.name.text : node.name?.getText() ?? '');

const isSignature = (node) =>
  ts.isFunctionDeclaration(node) || ts.isMethodSignature(node) || ts.isMethodDeclaration(node) ||
  ts.isCallSignatureDeclaration(node) || ts.isConstructSignatureDeclaration(node) || ts.isConstructorDeclaration(node);

/**
 * Walks a declaration file's text and returns `{ checked, missing }`: the names of every
 * documentable item and those without JSDoc text. Names read `Interface.member`,
 * `fn(param)` for a parameter without a described @param tag, and `fn(param).key` for a
 * member of a parameter's object type.
 */
export function undocumented(text, fileName = 'index.d.ts') {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const checked = [];
  const missing = [];
  const require = (node, name, documented = docText(node) !== '') => {
    checked.push(name);
    if (!documented) missing.push(name);
  };

  // `path` names the enclosing declaration; members of type literals nested anywhere
  // below (a type alias, a parameter, a return type) are reached by the recursion.
  function visit(node, path) {
    if (ts.isTypeLiteralNode(node) || ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) {
      for (const member of node.members) {
        const name = `${path}.${nameOf(member) || (ts.isCallSignatureDeclaration(member) ? '()' : '[]')}`;
        require(member, name);
        visit(member, name);
      }
      return;
    }
    if (isSignature(node)) {
      for (const param of node.parameters) {
        const name = `${path}(${param.name.getText()})`;
        const tags = ts.getJSDocParameterTags(param);
        require(param, name, tags.some((tag) => (ts.getTextOfJSDocComment(tag.comment) ?? '').trim() !== ''));
        if (param.type) visit(param.type, name);
      }
      if (node.type) visit(node.type, `${path}()`);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, path));
  }

  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) || ts.isImportDeclaration(statement) || ts.isExportAssignment(statement)) continue;
    const declarations = ts.isVariableStatement(statement) ? statement.declarationList.declarations : [statement];
    for (const declaration of declarations) {
      const name = nameOf(declaration) || '(anonymous)';
      require(declaration, name);
      if (ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration) || ts.isFunctionDeclaration(declaration)) {
        visit(declaration, name);
      } else {
        ts.forEachChild(declaration, (child) => visit(child, name));
      }
    }
  }
  return { checked, missing };
}

// The JSDoc of a top-level declaration or an interface member ('Wasmconv.conv2d'), with
// its tags, as an editor shows it on hover.
function hoverText(text, dotted) {
  const source = ts.createSourceFile('index.d.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const [top, member] = dotted.split('.');
  const declaration = source.statements.find((s) => nameOf(s) === top);
  assert.ok(declaration, `${top} is not declared`);
  const node = member ? declaration.members.find((m) => nameOf(m) === member) : declaration;
  assert.ok(node, `${dotted} is not declared`);
  return ts.getJSDocCommentsAndTags(node).map((doc) => doc.getText()).join('\n');
}

const dts = readFileSync(DTS, 'utf8');

test('every declaration, member and parameter of index.d.ts has JSDoc text', () => {
  const { checked, missing } = undocumented(dts);
  assert.deepEqual(missing, [], `undocumented in bindings/js/index.d.ts:\n  ${missing.join('\n  ')}`);
  // The walk reached what it must: not vacuous.
  assert.ok(checked.length >= 150, `only ${checked.length} items checked`);
  for (const name of ['load', 'load(options)', 'Wasmconv.conv2d', 'Wasmconv.conv2d(options)', 'ConvGeometry.stride',
    'ConvTransposeGeometry.outputShape', 'MemoryUsage.heapBytes', 'Layer.run(x)', 'WasmTensor.write(data)',
    'AxisTuple.length', 'WasmconvError.code', 'LoadOptions.wasmPath', 'PaddingBeginEnd.begin']) {
    assert.ok(checked.includes(name), `${name} was not checked; checked: ${checked.join(', ')}`);
  }
});

test('the checker reports what lacks docs (it can fail)', () => {
  const { checked, missing } = undocumented([
    '/** Documented. */',
    'export interface A {',
    '  /** Documented. */',
    '  a: number;',
    '  b: string;',
    '}',
    '/** Documented, but not its parameter. */',
    'export function f(o: {',
    '  /** Documented. */',
    '  x: number;',
    '  y: number;',
    '}): void;',
    '/**',
    ' * Documented with a parameter.',
    ' * @param o  the options.',
    ' */',
    'export function g(o: number): {',
    '  /** Documented. */',
    '  r: number;',
    '  s: number;',
    '};',
    '/** @deprecated */',
    'export type T = number;',
    'export const c: number;',
    '/** Documented. */',
    'export class K {',
    '  /** Documented. */',
    '  m(): void;',
    '  n(value: number): void;',
    '}',
  ].join('\n'), 'tiny.d.ts');
  assert.deepEqual(missing, ['A.b', 'f(o)', 'f(o).y', 'g().s', 'T', 'c', 'K.n', 'K.n(value)']);
  assert.deepEqual(checked, ['A', 'A.a', 'A.b', 'f', 'f(o)', 'f(o).x', 'f(o).y', 'g', 'g(o)', 'g().r', 'g().s', 'T', 'c',
    'K', 'K.m', 'K.n', 'K.n(value)']);
});

test('removing one member\'s JSDoc from the real file is reported by name', () => {
  const doc = '  /** Bytes of wasm memory reserved (the size of its linear memory; it only grows). */\n';
  assert.ok(dts.includes(doc), 'MemoryUsage.heapBytes\'s doc changed: update this test');
  assert.deepEqual(undocumented(dts.replace(doc, '')).missing, ['MemoryUsage.heapBytes']);
});

test('the hover text states each op\'s layouts, and the main entry points carry examples', () => {
  const layouts = {
    conv1d: ['[N, C_in, L]', '[C_in, L]', '[C_out, C_in / groups, kL]'],
    conv2d: ['[N, C_in, H, W]', '[C_in, H, W]', '[C_out, C_in / groups, kH, kW]', 'NCHW'],
    conv3d: ['[N, C_in, D, H, W]', '[C_in, D, H, W]', '[C_out, C_in / groups, kD, kH, kW]', 'NCDHW'],
    convTranspose1d: ['[N, C_in, L]', '[C_in, L]', '[C_in, C_out / groups, kL]', 'NCL'],
    convTranspose2d: ['[N, C_in, H, W]', '[C_in, C_out / groups, kH, kW]'],
    convTranspose3d: ['[N, C_in, D, H, W]', '[C_in, C_out / groups, kD, kH, kW]'],
    createConv2d: ['[C_out, C_in / groups, kH, kW]'],
    createConvTranspose3d: ['[C_in, C_out / groups, kD, kH, kW]'],
  };
  for (const [fn, needles] of Object.entries(layouts)) {
    const hover = hoverText(dts, `Wasmconv.${fn}`);
    for (const needle of needles) assert.ok(hover.includes(needle), `Wasmconv.${fn}'s doc lacks ${needle}:\n${hover}`);
  }
  for (const name of ['load', 'Wasmconv.conv2d', 'Wasmconv.convTranspose2d', 'Wasmconv.createConv2d', 'Layer.run', 'Wasmconv.createTensor']) {
    assert.match(hoverText(dts, name), /@example\s*\n\s*\*\s*\S/, `${name} has no @example`);
  }
  assert.match(hoverText(dts, 'Wasmconv.memoryUsage'), /bytes/);
  assert.match(hoverText(dts, 'ConvTransposeGeometry.outputPadding'), /0 <= outputPadding < max\(stride, dilation\)/);
  assert.match(hoverText(dts, 'ConvTransposeGeometry.paddingMode'), /'zeros'/);
  assert.match(hoverText(dts, 'ConvGeometry.padding'), /'same'.*'same_upper'/s);
  assert.match(hoverText(dts, 'ConvTransposeGeometry.padding'), /input \* stride/);
  assert.match(hoverText(dts, 'Padding'), /same_lower/);
  for (const option of ['stride', 'dilation', 'groups', 'padding', 'paddingMode']) {
    assert.match(hoverText(dts, `ConvGeometry.${option}`), /[Dd]efault/, `ConvGeometry.${option} states no default`);
  }
  for (const option of ['outputPadding', 'outputShape']) {
    assert.match(hoverText(dts, `ConvTransposeGeometry.${option}`), /[Dd]efault/, `ConvTransposeGeometry.${option} states no default`);
  }
});
