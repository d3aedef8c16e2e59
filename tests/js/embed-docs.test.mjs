// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The embeds' docs cannot drift from the code: the attribute and view tables in
// docs/embedding.md are exactly what scripts/embed-attributes.mjs prints from the table the
// figure validates with (web/embed/attributes.js); the script refuses an attribute or view
// it has no description for; a change to the table changes the output; the README names
// every attribute; docs/embedding.md's relative links name files that exist; and the
// example posts that host an iframe carry the host script the docs give, verbatim
// (tests/browser/embeds-theme.test.mjs runs that script).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

import { between, DOC, tables } from '../../scripts/embed-attributes.mjs';
import { FIGURE_ATTRIBUTES } from '../../web/embed/attributes.js';
import { GRID_VIEWS } from '../../web/views/index.js';
import { repoRoot } from './support/paths.mjs';

const doc = readFileSync(DOC, 'utf8');

test('docs/embedding.md holds, between its markers, exactly what scripts/embed-attributes.mjs prints', () => {
  const printed = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'embed-attributes.mjs')], { encoding: 'utf8' }).trim();
  const inDoc = between(doc);
  assert.notEqual(inDoc, null, 'docs/embedding.md lost its embed-attributes markers');
  assert.equal(inDoc, printed, 'the docs table is out of date: run node scripts/embed-attributes.mjs --write');
  // One row per attribute and per view, in the table's order.
  const rows = printed.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split('`')[1]);
  assert.deepEqual(rows, [...Object.keys(FIGURE_ATTRIBUTES), ...GRID_VIEWS]);
});

test('the generated table follows the code: a new word, a narrower range or a new attribute shows (the check can fail)', () => {
  const original = tables();
  const theme = { ...FIGURE_ATTRIBUTES.theme, values: [...FIGURE_ATTRIBUTES.theme.values, 'sepia'] };
  assert.notEqual(tables({ ...FIGURE_ATTRIBUTES, theme }), original);
  assert.match(tables({ ...FIGURE_ATTRIBUTES, theme }), /\| `theme` \| `auto`, `light`, `dark`, `sepia` \|/);
  // Ranges are probed from the playground's parser, not written down.
  assert.match(original, /\| `input` \| `N` or `HxW`, each 1–32 \|/);
  assert.match(original, /\| `padding` \| `N`, `HxW` or `t,l,b,r` \(each 0–16\), `same`, `valid` \|/);
  // An attribute or a view the script has no description for stops it.
  assert.throws(() => tables({ ...FIGURE_ATTRIBUTES, caption: { kind: 'url' } }), /attributes without a description: caption/);
  assert.throws(() => tables(FIGURE_ATTRIBUTES, [...GRID_VIEWS, 'image']), /views without a description: image/);
  const { details, ...withoutDetails } = FIGURE_ATTRIBUTES;
  assert.ok(details);
  assert.throws(() => tables(withoutDetails), /described but unknown: details/);
});

test('the README names every attribute and points to the generated table', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('**2. One script tag'), readme.indexOf('**3. An iframe'));
  for (const name of [...Object.keys(FIGURE_ATTRIBUTES), ...GRID_VIEWS]) {
    assert.ok(section.includes(`\`${name}\``), `the README's embedding section does not name ${name}`);
  }
  assert.ok(section.includes('(docs/embedding.md)'));
});

test("docs/embedding.md's relative links name files of the repository", () => {
  const links = [...doc.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
  assert.ok(links.length >= 3);
  for (const target of links) assert.ok(existsSync(join(dirname(DOC), target)), `docs/embedding.md links to ${target}, which does not exist`);
});

test('the example posts with an iframe carry the host script of docs/embedding.md verbatim', () => {
  const script = /```js\n(\/\/ wasmconv iframes[\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(script, 'docs/embedding.md has no host script');
  const examples = join(repoRoot, 'web', 'examples');
  const posts = readdirSync(examples).filter((name) => name.endsWith('.html'));
  const withFrames = posts.filter((name) => readFileSync(join(examples, name), 'utf8').includes('<iframe'));
  assert.ok(withFrames.length >= 1);
  for (const name of withFrames) {
    const html = readFileSync(join(examples, name), 'utf8');
    const inline = [...html.matchAll(/<script type="module">\n([\s\S]*?)\n\s*<\/script>/g)].map((m) => m[1]);
    // Each post indents its script; compare the lines without their leading blanks.
    const lines = (text) => text.trim().split('\n').map((line) => line.trim());
    assert.ok(inline.some((text) => lines(text).join('\n') === lines(script).join('\n')), `${name} does not carry the documented host script`);
  }
});
