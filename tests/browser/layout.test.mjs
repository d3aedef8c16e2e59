// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The figure is the page (issue 25): at 1440x900 every view's figure starts in the first
// screen, beside a compact panel of the essential settings; on a 375x812 phone the figure
// comes before the long settings ("More settings"); a skip link focuses the figure; the
// Tab stops before it are few and counted; only the controls the current view uses show.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { screenshot } from './support/browser.mjs';
import { playgroundSuite, setControl, waitImage } from './support/playground-page.mjs';

const { withPage } = playgroundSuite();

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812 };

// The first drawing of the current view (a grid, a matrix, a canvas, the formulas), its
// top in page coordinates; and the same for an element.
const figureTop = (page) =>
  page.evaluate(() => {
    const panel = document.querySelector('[role="tabpanel"]:not([hidden])');
    const figure = panel.querySelector('.grid, table.matrix, canvas, svg, dl');
    return figure.getBoundingClientRect().top + window.scrollY;
  });
// Every view at both sizes is saved under test-results/ (failing or not), to be looked at:
// the image view once its output is drawn, as a person sees it after a moment.
const shot = async (page, query, { width }) => {
  if (query.includes('view=image')) await waitImage(page);
  return screenshot(page, `layout-${query.replace(/\W+/g, '-').replace(/^-/, '') || 'default'}-${width}`);
};
const top = (page, selector) => page.$eval(selector, (e) => e.getBoundingClientRect().top + window.scrollY);

const VIEWS = [
  '?input=5&kernel=3',
  '?mode=transposed&input=3&kernel=3&stride=2',
  '?input=4&kernel=3&view=matrix',
  '?mode=transposed&input=4&kernel=3&stride=2&view=matrix',
  '?view=arithmetic',
  '?mode=transposed&input=3&kernel=3&stride=2&view=checkerboard',
  '?view=receptive-field',
  '?view=image',
];

test('1440x900: every view’s figure starts in the first screen, beside the settings', async (t) => {
  for (const query of VIEWS) {
    await withPage(
      t,
      query,
      async (page) => {
        await shot(page, query, DESKTOP);
        const y = await figureTop(page);
        assert.ok(y < DESKTOP.height, `${query}: the figure starts at ${y} px`);
        // The settings are a side panel: beside the figure, not above it.
        const panel = await page.$eval('#controls', (e) => e.getBoundingClientRect().toJSON());
        const stage = await page.$eval('#stage', (e) => e.getBoundingClientRect().toJSON());
        if (!query.includes('receptive-field')) assert.ok(panel.right <= stage.left, `${query}: panel ${JSON.stringify(panel)}`);
        assert.ok(stage.top < 150, `${query}: the views start at ${stage.top} px`);
      },
      { viewport: DESKTOP },
    );
  }
});

test('375x812: the figure comes before the long settings, and the essential ones are compact', async (t) => {
  for (const query of VIEWS) {
    await withPage(
      t,
      query,
      async (page) => {
        await shot(page, query, PHONE);
        const y = await figureTop(page);
        if (!query.includes('receptive-field')) {
          assert.ok(y < (await top(page, '#more')), `${query}: the figure (${y} px) is below More settings`);
          // The essential settings take less than half of the phone's screen.
          const bar = await page.$eval('#controls', (e) => e.getBoundingClientRect().height);
          assert.ok(bar < PHONE.height / 2, `${query}: the settings are ${bar} px tall`);
        }
        // The image view's own settings come after its images too.
        if (query.includes('image')) assert.ok(y < (await top(page, '#image-controls')), `${query}: the image is below its settings`);
        // More settings is closed: what it holds is out of the way until asked for.
        assert.equal(await page.$eval('#more', (e) => e.open), false, query);
        const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(scroll <= client, `${query}: ${scroll} px wide`);
      },
      { viewport: PHONE },
    );
  }
  // The mechanics' first grid in the first screen of the phone too.
  await withPage(t, '?input=5&kernel=3', async (page) => assert.ok((await figureTop(page)) < PHONE.height), { viewport: PHONE });
});

// Focus after each Tab from the top of the page until it enters the current view's panel.
async function stopsBeforeFigure(page, limit = 40) {
  await page.evaluate(() => document.activeElement?.blur());
  const stops = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const e = document.activeElement;
      if (e.closest('[role="tabpanel"]')) return null;
      return e.id || (e.name === 'mode' ? `mode=${e.value}` : e.getAttribute('role') === 'tab' ? `tab=${e.dataset.view}` : e.tagName);
    });
    if (stop === null) return stops;
    stops.push(stop);
  }
  throw new Error(`no figure after ${limit} Tab stops: ${stops}`);
}

const ESSENTIAL = ['input-h', 'input-w', 'kernel-h', 'kernel-w', 'stride', 'dilation', 'padding-kind'];
const PADS = ['pad-t', 'pad-l', 'pad-b', 'pad-r'];

test('keyboard: a skip link focuses the figure; the Tab stops before it are the essential settings', async (t) => {
  await withPage(
    t,
    '?input=5&kernel=3',
    async (page) => {
      // Without the skip link: 15 stops, the essential settings only (18 before issue 25).
      const stops = await stopsBeforeFigure(page);
      assert.deepEqual(stops, ['skip-link', 'mode=conv', 'transpose-layer', ...ESSENTIAL, ...PADS, 'tab=mechanics']);
      assert.ok(stops.length <= 15);
      // The first stop is the skip link, visible when focused; Enter focuses the view.
      await page.focus('#skip-link');
      assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the figure');
      const box = await page.$eval('#skip-link', (e) => e.getBoundingClientRect().toJSON());
      assert.ok(box.left >= 0 && box.top >= 0 && box.width > 0, JSON.stringify(box));
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'view-mechanics');
      // The next stop is the figure's first control (the player).
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'play');
    },
    { viewport: DESKTOP },
  );
  // Transposed: the output padding joins them; with `same` padding the sides are disabled.
  await withPage(
    t,
    '?mode=transposed&input=3&kernel=3&stride=2&padding=same&view=matrix',
    async (page) => {
      const stops = await stopsBeforeFigure(page);
      assert.deepEqual(stops, ['skip-link', 'mode=transposed', 'transpose-layer', ...ESSENTIAL, 'output-padding', 'tab=matrix']);
      await page.focus('#skip-link');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'view-matrix');
    },
    { viewport: PHONE },
  );
});

const visible = (page, ids) => Promise.all(ids.map((id) => page.isVisible(`#${id}`)));

test('only the controls the current view uses are shown', async (t) => {
  await withPage(t, '?input=5&kernel=3', async (page) => {
    // Convolution: no transposed-only control or help, even under More settings.
    await page.click('#more > summary');
    assert.deepEqual(await visible(page, ['output-padding', 'output-size-h', 'output-size-w', 'os-help', 'op-help']), [false, false, false, false, false]);
    assert.deepEqual(await visible(page, ['per-axis', 'in-channels', 'group-count', 'bias']), [true, true, true, true]);
    assert.equal(await page.textContent('#more-list'), '(separate axes, channels, groups, bias)');
    // Transposed: they appear.
    await setControl(page, 'input[name="mode"][value="transposed"]', true);
    assert.deepEqual(await visible(page, ['output-padding', 'output-size-h', 'output-size-w', 'os-help', 'op-help']), [true, true, true, true, true]);
    assert.equal(await page.textContent('#more-list'), '(separate axes, output size, channels, groups, bias)');
    // The receptive field has its own stack: no layer settings, a note saying so.
    await page.click('[role="tab"][data-view="receptive-field"]');
    assert.deepEqual(await visible(page, ['controls', 'more', 'summary', 'rf-note']), [false, false, false, true]);
    // The image view has its own input and channels.
    await page.click('[role="tab"][data-view="image"]');
    assert.deepEqual(await visible(page, ['controls', 'input-h', 'kernel-h', 'stride', 'in-channels', 'per-axis']), [true, false, true, true, false, true]);
    await page.click('[role="tab"][data-view="mechanics"]');
    assert.deepEqual(await visible(page, ['input-h', 'in-channels', 'rf-note']), [true, true, false]);
  });
  // A link that sets what More settings holds opens it.
  await withPage(t, '?channels=4x8&bias=true', async (page) => {
    assert.equal(await page.$eval('#more', (e) => e.open), true);
    assert.equal(await page.inputValue('#in-channels'), '4');
  });
});

// Relative luminance of a CSS rgb() colour, and the WCAG contrast of two.
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map((v) => Number(v) / 255);
  const lin = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

test('the selected tab and operation read at 4.5:1 or more in both colour schemes', async (t) => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage(
      t,
      '?mode=transposed&view=matrix',
      async (page) => {
        for (const selector of ['[role="tab"][aria-selected="true"]', 'form.bar .mode label:has(input:checked)']) {
          const { fg, bg } = await page.$eval(selector, (e) => ({ fg: getComputedStyle(e).color, bg: getComputedStyle(e).backgroundColor }));
          assert.ok(contrast(fg, bg) >= 4.5, `${colorScheme} ${selector}: ${fg} on ${bg} is ${contrast(fg, bg).toFixed(2)}:1`);
        }
      },
      { colorScheme },
    );
  }
});

test('375x812: the image view’s weight fields fit the phone and show their whole values', async (t) => {
  for (const query of ['?view=image&kernel=3&weights=gaussian', '?view=image&kernel=5&weights=box', '?view=image&kernel=7&weights=box']) {
    await withPage(
      t,
      query,
      async (page) => {
        const grid = await page.$eval('#kernel-grid', (e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
        assert.ok(grid.scroll <= grid.client, `${query}: the weights are ${grid.scroll} px wide in ${grid.client} px`);
        const cut = await page.$$eval('#kernel-grid input', (cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.value));
        assert.deepEqual(cut, [], `${query}: values cut off`);
      },
      { viewport: PHONE },
    );
  }
});
