// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The TypeScript declarations: a file using every function compiles under `tsc --strict`,
// and each misuse in tests/types/misuse.ts is rejected (an unused @ts-expect-error is an
// error) with exactly one error that points at or names the wrong option. Compiled in a
// separate project that depends on 'wasmconv' by name.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';

import ts from 'typescript';

import { repoRoot } from './support/paths.mjs';

// Runs `body(dir)` in a fresh project holding `files`, tests/types/tsconfig.json and
// node_modules/wasmconv linked to the repository; the project is removed afterwards.
function inProject(files, body) {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-types-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules', 'wasmconv'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'types-check', type: 'module', private: true }));
    copyFileSync(join(repoRoot, 'tests', 'types', 'tsconfig.json'), join(dir, 'tsconfig.json'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// tsc itself, as a user runs it; throws (with tsc's stdout) when the project has errors.
function compile(files) {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  return inProject(files, (dir) => execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' }));
}

// The project's diagnostics through the compiler API: file, line (1-based), code, the
// source text the error underlines, and the whole message chain as one string.
function diagnostics(files) {
  return inProject(files, (dir) => {
    const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return {
        file: d.file ? basename(d.file.fileName) : '(global)',
        line,
        code: d.code,
        span: d.file ? d.file.text.slice(d.start, d.start + d.length) : '',
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      };
    });
  });
}

const read = (name) => readFileSync(join(repoRoot, 'tests', 'types', name), 'utf8');

test('the declarations type-check every function and reject every listed misuse', () => {
  compile({ 'usage.ts': read('usage.ts'), 'misuse.ts': read('misuse.ts') });
});

test('a misuse without its @ts-expect-error fails to compile (the check can fail)', () => {
  const misuse = "import { load } from 'wasmconv';\nconst wc = await load();\nwc.conv2d({ data: new Float32Array(1), shape: [1] }, { data: new Float32Array(1), shape: [1] }, { strides: 2 });\n";
  assert.throws(
    () => compile({ 'usage.ts': 'export {};\n', 'misuse.ts': misuse }),
    (e) => /strides/.test(String(e.stdout)),
  );
});

test('each misuse, without its directive, is exactly one error that points at or names its option', () => {
  // Blank each directive (keeping line numbers); the misuse is on the next line. A name in
  // backticks in the directive's comment is the option the error must underline or name.
  const expected = new Map();
  const stripped = read('misuse.ts').split('\n').map((line, i) => {
    const directive = /^\s*\/\/ @ts-expect-error(.*)$/.exec(line);
    if (!directive) return line;
    expected.set(i + 2, /`(\w+)`/.exec(directive[1])?.[1] ?? null);
    return '';
  });
  assert.ok(expected.size >= 50, `only ${expected.size} misuses found in misuse.ts`);
  assert.ok([...expected.values()].filter(Boolean).length >= 35, 'most misuses must name their option');

  const found = diagnostics({ 'usage.ts': 'export {};\n', 'misuse.ts': stripped.join('\n') });
  const stray = found.filter((d) => d.file !== 'misuse.ts' || !expected.has(d.line));
  assert.deepEqual(stray, [], 'errors outside the misuse lines (in the declarations, or on a valid line)');
  const cascades = found.filter((d) => d.code === 2769);
  assert.deepEqual(cascades, [], 'a misuse reported as "No overload matches this call"');
  for (const [line, name] of expected) {
    const errors = found.filter((d) => d.line === line);
    assert.equal(errors.length, 1, `misuse.ts:${line} gives ${errors.length} errors, not 1: ${JSON.stringify(errors, null, 1)}`);
    if (name) {
      const [{ span, message }] = errors;
      const text = `${span}\n${message}`.toLowerCase();
      assert.ok(text.includes(name.toLowerCase()), `misuse.ts:${line}: the error neither underlines nor names ${name}: ${span} / ${message}`);
    }
  }
});

test('the one-error check can fail: a line with no error, and an error naming another option, are caught', () => {
  const found = diagnostics({
    'usage.ts': 'export {};\n',
    'misuse.ts': [
      "import { load } from 'wasmconv';",
      'const wc = await load();',
      "const x = { data: new Float32Array(16), shape: [1, 1, 4, 4] };",
      'wc.conv2d(x, x, { stride: [1, 1] });',
      'wc.conv2d(x, x, { dilation: [1, 1, 1] });',
    ].join('\n'),
  });
  assert.deepEqual(found.filter((d) => d.line === 4), []);
  const errors = found.filter((d) => d.line === 5);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].span, 'dilation');
  assert.match(errors[0].message, /Dilation<2>/);
  assert.doesNotMatch(`${errors[0].span} ${errors[0].message}`.toLowerCase(), /stride/);
});
