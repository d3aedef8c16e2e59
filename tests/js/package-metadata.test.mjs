// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// What a registry search and a licence review see: the notices of the code compiled into the
// .wasm builds are in the tarball, the keywords and description name what the package does,
// and the version agrees across package.json, CMakeLists.txt and the CHANGELOG.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { repoRoot } from './support/paths.mjs';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

test('npm pack --dry-run ships THIRD_PARTY_NOTICES.md with the xsimd BSD-3-Clause text', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: repoRoot, encoding: 'utf8' });
  const files = JSON.parse(out)[0].files.map((f) => f.path);
  assert.ok(files.includes('THIRD_PARTY_NOTICES.md'), `not in the tarball: ${files.join(', ')}`);
  const notices = readFileSync(join(repoRoot, 'THIRD_PARTY_NOTICES.md'), 'utf8');
  // The three BSD conditions and the copyright line must be there verbatim, not only a name.
  assert.match(notices, /## xsimd[\s\S]*Copyright \(c\) 2016, Johan Mabille/);
  assert.match(notices, /Redistributions in binary form must reproduce the above copyright notice/);
  assert.match(notices, /Neither the name of the copyright holder nor the names of its/);
  assert.match(notices, /## Emscripten[\s\S]*Permission is hereby granted/);
});

test('keywords and description carry the words people search for', () => {
  for (const word of ['convolution', 'transposed convolution', 'deconvolution', 'wasm', 'webassembly', 'simd',
    'pytorch', 'onnx']) {
    assert.ok(pkg.keywords.includes(word), `keyword ${JSON.stringify(word)} missing: ${pkg.keywords.join(', ')}`);
  }
  for (const word of [/convolution/i, /transposed/i, /deconvolution/i, /WebAssembly/, /SIMD/, /PyTorch/, /ONNX/]) {
    assert.match(pkg.description, word);
  }
});

test('the version is the same in package.json, CMakeLists.txt and the newest CHANGELOG release', () => {
  const cmake = readFileSync(join(repoRoot, 'CMakeLists.txt'), 'utf8').match(/project\(wasmconv VERSION ([\d.]+)/)[1];
  assert.equal(cmake, pkg.version);
  const changelog = readFileSync(join(repoRoot, 'CHANGELOG.md'), 'utf8');
  const newest = changelog.match(/^## \[(\d+\.\d+\.\d+)\]/m)[1];
  assert.equal(newest, pkg.version);
  for (const version of ['0.1.0', '0.2.0']) {
    const section = changelog.split(new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\].*$`, 'm'))[1];
    assert.ok(section, `CHANGELOG has no ${version} section`);
    const body = section.split(/^## /m)[0];
    assert.match(body, /^### (Added|Changed|Fixed)/m, `${version} has no Added / Changed / Fixed heading`);
  }
});
