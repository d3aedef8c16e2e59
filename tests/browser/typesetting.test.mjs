// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Polish (issue 25): the page typesets the transposed matrix as Cᵀ, never as the plain-text
// C^T, in every view's text, captions, labels and the concept links, in both modes.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { playgroundSuite } from './support/playground-page.mjs';

const { withPage } = playgroundSuite();

// Everything a reader or a screen reader gets: the text and the accessible names.
const pageText = (page) =>
  page.evaluate(() =>
    [document.body.textContent, ...[...document.querySelectorAll('[aria-label], [title]')].map((e) => `${e.getAttribute('aria-label')} ${e.title}`)].join('\n'),
  );

test('Cᵀ, not C^T, in every view of both modes', async (t) => {
  for (const mode of ['conv', 'transposed']) {
    for (const view of ['mechanics', 'matrix', 'arithmetic', 'checkerboard', 'receptive-field', 'image']) {
      const query = `?mode=${mode}&input=4&kernel=3&stride=2&view=${view}`;
      await withPage(t, query, async (page) => {
        const text = await pageText(page);
        assert.equal(text.includes('C^T'), false, `${query}: ${text.slice(Math.max(0, text.indexOf('C^T') - 80), text.indexOf('C^T') + 40)}`);
        // The views that speak of the transposed matrix name it Cᵀ.
        if (view === 'matrix' || view === 'arithmetic' || (view === 'mechanics' && mode === 'transposed')) {
          assert.ok(text.includes('Cᵀ'), `${query}: no Cᵀ`);
        }
      });
    }
  }
});
