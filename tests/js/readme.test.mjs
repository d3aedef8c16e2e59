// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The README as a newcomer meets it: short, its example on the first screen and identical to
// the file the examples test runs, and every relative link pointing at a file that exists.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { repoRoot } from './support/paths.mjs';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const lines = readme.split('\n');

test('the README stays short, with the first code example within its first 40 lines', () => {
  assert.ok(lines.length <= 250, `README.md has ${lines.length} lines; long material belongs in docs/`);
  const firstJs = lines.findIndex((l) => l.startsWith('```js'));
  assert.ok(firstJs >= 0 && firstJs < 40, `the first JavaScript example starts on line ${firstJs + 1}`);
});

test("the README's example is examples/quickstart.mjs verbatim (which the examples test runs)", () => {
  const start = readme.indexOf('```js\n') + '```js\n'.length;
  const block = readme.slice(start, readme.indexOf('```', start));
  const quickstart = readFileSync(join(repoRoot, 'examples', 'quickstart.mjs'), 'utf8');
  assert.ok(block.includes('wc.conv2d('), 'the first example calls conv2d');
  assert.ok(quickstart.includes(block), 'examples/quickstart.mjs must contain the README block unchanged');
});

test("the README's image-to-image example is examples/upscale.mjs verbatim, at most 15 lines", () => {
  const section = readme.slice(readme.indexOf('## From image to image'));
  const start = section.indexOf('```js\n') + '```js\n'.length;
  const block = section.slice(start, section.indexOf('```', start));
  const upscale = readFileSync(join(repoRoot, 'examples', 'upscale.mjs'), 'utf8');
  assert.ok(block.includes('wc.fromImage(') && block.includes('wc.toImageData('), 'image in and image out');
  assert.ok(block.includes('createConv2d(') && block.includes('createConvTranspose2d('), 'a convolution and a transposed one');
  assert.ok(upscale.includes(block), 'examples/upscale.mjs must contain the README block unchanged');
  assert.ok(block.trimEnd().split('\n').length <= 15, `the block has ${block.trimEnd().split('\n').length} lines`);
});

test('every relative link of the README and of docs/ names a file of the repository', () => {
  for (const file of ['README.md', 'CHANGELOG.md', 'docs/images.md', 'docs/performance.md', 'docs/playground.md',
    'docs/reliability.md', 'docs/development.md', 'docs/weight-layouts.md', 'tests/data/onnx/README.md', 'examples/networks/README.md']) {
    const path = join(repoRoot, file);
    if (file.startsWith('tests/') && !existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    const dir = join(path, '..');
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // absolute URLs
      assert.ok(existsSync(join(dir, target)), `${file} links to ${target}, which does not exist`);
    }
  }
});
