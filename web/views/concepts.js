// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The arithmetic calculator's list of facts (concepts-data.js), each number computed by
// the library, with links that load the setting into the playground so the reader can
// see the same number in the summary line and the views. Test hooks: each result carries
// data-testid="concept-<id>" and its machine-readable data-value.
import { conceptFacts } from './concepts-data.js';

// The facts depend on the library only: computed and laid out once per module, then the
// same section is put back on every keystroke of the arithmetic view (computing and
// building it took about 10 ms of each, on a 2-core machine).
const sectionOf = new WeakMap();

export function renderConcepts(panel, { wc }) {
  prepareConcepts(wc);
  panel.append(sectionOf.get(wc));
}

/** Computes and lays out the facts ahead of their first use (the playground does it when idle). */
export function prepareConcepts(wc) {
  if (!sectionOf.has(wc)) sectionOf.set(wc, conceptSection(wc));
}

function conceptSection(wc) {
  const section = document.createElement('section');
  section.setAttribute('aria-labelledby', 'concepts-title');
  section.dataset.testid = 'concepts';
  const h = document.createElement('h3');
  h.id = 'concepts-title';
  h.textContent = 'The numbers of convolution arithmetic, computed by the library';
  const intro = document.createElement('p');
  intro.textContent =
    'Each result below is computed now by wasmconv; "Show it" loads the setting into the controls above.';
  section.append(h, intro);
  for (const { group, facts } of conceptFacts(wc)) {
    const h4 = document.createElement('h4');
    h4.textContent = group;
    const list = document.createElement('ul');
    list.className = 'concepts';
    for (const fact of facts) {
      const li = document.createElement('li');
      const result = document.createElement('strong');
      result.dataset.testid = `concept-${fact.id}`;
      result.dataset.value = fact.value;
      result.textContent = fact.text;
      li.append(`${fact.title}: `, result);
      for (const { label, query } of fact.links) {
        const a = document.createElement('a');
        a.href = query;
        a.textContent = label;
        a.dataset.concept = fact.id;
        a.setAttribute('aria-label', `${label}: ${fact.title}`);
        li.append(' ', a);
      }
      list.append(li);
    }
    section.append(h4, list);
  }
  return section;
}
