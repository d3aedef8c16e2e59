// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The declarations of wasmconv/worker (bindings/js/worker.d.ts): a file using every kind of
// call compiles under `tsc --strict` in a project that imports 'wasmconv/worker' by name, and
// each misuse (a wrong-rank option, a result used without await, a main-thread tensor, a bad
// transfer flag) is exactly one error (an unused @ts-expect-error is an error too). Every
// declaration of worker.d.ts carries documentation.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import ts from 'typescript';

import { repoRoot } from './support/paths.mjs';

const TSCONFIG = {
  compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM'], types: [], skipLibCheck: false },
  files: ['usage.ts'],
};

const USAGE = `import { load, type WasmTensor } from 'wasmconv';
import { loadInWorker, WasmconvError, type WasmconvInWorker, type WorkerLayer, type WorkerTensor } from 'wasmconv/worker';

const wc: WasmconvInWorker = await loadInWorker({ threads: 'auto', relaxed: false, transfer: true });
const flags: [boolean, boolean, number, string] = [wc.simd, wc.relaxed, wc.threads, wc.arch];
const x = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
const w = { data: new Float32Array(9), shape: [1, 1, 3, 3] };
const y = await wc.conv2d(x, w, { padding: 'same', activation: 'relu', stride: [1, 1] });
const values: Float32Array = y.data;
const up = await wc.convTranspose2d(x, w, { stride: 2, outputPadding: 1 });
const t: WorkerTensor = await wc.createTensor(x.data, x.shape);
const shape: readonly number[] = t.shape;
const out: WorkerTensor = await wc.createTensor(new Float32Array(16), [1, 1, 4, 4]);
const same: WorkerTensor = await wc.conv2d(t, w, { padding: 1, output: out, residual: t });
const layer: WorkerLayer = await wc.createConvTranspose1d({ data: new Float32Array(3), shape: [1, 1, 3] }, { stride: 2 });
const run = await layer.run({ data: new Float32Array(4), shape: [1, 1, 4] }, { output: new Float32Array(9) });
const runData: Float32Array = run.data;
const sizes: number[] = await layer.outputShape([1, 1, 4]);
const read: Float32Array = await t.read();
await t.write(read);
const used: number = (await wc.memoryUsage()).usedBytes;
const outShape: number[] = await wc.outputShape('conv2d', x.shape, w.shape, { padding: 1 });
await wc.setMemoryLimit(0);
await Promise.all([t.dispose(), out.dispose(), layer.dispose()]);
await wc.terminate();
try {
  await wc.conv2d(x, w);
} catch (e) {
  if (e instanceof WasmconvError && (e.code === 'terminated' || e.code === 'worker_error')) console.log(e.message);
}
const here = await load();
const local: WasmTensor = here.createTensor(x.data, x.shape);

// @ts-expect-error conv2d takes two strides, not three
await wc.conv2d(x, w, { stride: [1, 1, 1] });
// @ts-expect-error a call returns a Promise: its data needs await
const notAwaited: Float32Array = wc.conv2d(x, w).data;
// @ts-expect-error a tensor of load() on this thread is not the worker's
await wc.conv2d(local, w);
// @ts-expect-error transfer is true or false
await loadInWorker({ transfer: 'yes' });
// @ts-expect-error backend is not a layer option, as with load()
await wc.createConv2d(w, { backend: 'reference' });
console.log(flags, values, up, shape, same, runData, sizes, used, outShape, notAwaited);
`;

function compile(files) {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-worker-types-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules', 'wasmconv'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'worker-types', type: 'module', private: true }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
    return ts.getPreEmitDiagnostics(program).map((d) => ({
      line: d.file ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('worker.d.ts: every kind of call type-checks, and each misuse is rejected', () => {
  assert.deepEqual(compile({ 'usage.ts': USAGE }), []);
});

test('worker.d.ts: each misuse without its @ts-expect-error is exactly one error on its line', () => {
  const lines = USAGE.split('\n');
  const directives = lines.flatMap((l, i) => (l.startsWith('// @ts-expect-error') ? [i] : []));
  assert.equal(directives.length, 5);
  for (const i of directives) {
    const text = lines.map((l, j) => (j === i ? '' : l)).join('\n');
    const errors = compile({ 'usage.ts': text });
    assert.equal(errors.length, 1, `${lines[i]}: ${JSON.stringify(errors)}`);
    assert.equal(errors[0].line, i + 2, `${lines[i]}: ${errors[0].message}`);
  }
});

test('worker.d.ts: every declaration and member is documented', () => {
  const text = readFileSync(join(repoRoot, 'bindings', 'js', 'worker.d.ts'), 'utf8');
  const source = ts.createSourceFile('worker.d.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const missing = [];
  const documented = (node) => ts.getJSDocCommentsAndTags(node).some((d) => ts.isJSDoc(d) && ts.getTextOfJSDocComment(d.comment));
  const visit = (node, path) => {
    const named = ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isFunctionDeclaration(node) ||
      ts.isMethodSignature(node) || ts.isPropertySignature(node);
    const name = named ? `${path}${node.name.getText()}` : path;
    if (named && !documented(node)) missing.push(name);
    ts.forEachChild(node, (child) => visit(child, named && !ts.isFunctionDeclaration(node) ? `${name}.` : path));
  };
  visit(source, '');
  assert.deepEqual(missing, []);
});
