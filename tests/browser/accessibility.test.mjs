// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Page-wide quality in headless Chromium: keyboard-only use (Tab reaches every control and
// every grid, arrow keys move within a grid, Enter and Space operate), names for assistive
// tech, visible focus, prefers-reduced-motion stops auto-play, prefers-color-scheme: dark
// changes the colours, and a 375 px phone screen has no horizontal page scroll.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { HANG_MS } from './support/browser.mjs';
import { hook, playgroundSuite } from './support/playground-page.mjs';

const { withPage } = playgroundSuite();

const active = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    const grid = e.closest('.grid');
    const panel = e.closest('[role="tabpanel"]');
    return {
      id: e.id,
      tag: e.tagName,
      action: e.dataset.action ?? null,
      view: e.dataset.view ?? null,
      index: e.dataset.index ?? null,
      inPanel: panel ? panel.id.replace('view-', '') : null,
      expected: e.dataset.expectedStop ?? null,
      grid: grid ? grid.getAttribute('aria-label') : null,
      name: e.getAttribute('aria-label') ?? e.labels?.[0]?.textContent.trim() ?? e.textContent.trim(),
    };
  });

// Tabs from the top of the page until focus leaves it; returns the focused elements in order.
async function tabStops(page, limit = 120) {
  await page.evaluate(() => document.activeElement?.blur());
  const stops = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const a = await active(page);
    if (a.tag === 'BODY') break;
    stops.push(a);
  }
  return stops;
}

test('keyboard: Tab reaches every control, the selected tab, the player and each grid once', async (t) => {
  await withPage(t, '?mode=transposed&input=2&kernel=3', async (page) => {
    const stops = await tabStops(page);
    const ids = stops.map((s) => s.id).filter(Boolean);
    const controls = await page.$$eval('#controls input, #controls select', (els) =>
      els
        .filter((e) => !e.disabled && e.offsetParent !== null && !(e.type === 'radio' && !e.checked))
        .map((e) => e.id || e.name),
    );
    for (const id of controls.filter((c) => c !== 'mode')) assert.ok(ids.includes(id), `Tab does not reach #${id}`);
    assert.ok(
      stops.some((s) => s.tag === 'INPUT' && s.id === '' && s.name.includes('Transposed')),
      'the checked mode radio',
    );
    assert.deepEqual(
      stops.filter((s) => s.view).map((s) => s.view),
      ['mechanics'],
      'one tab stop for the tab list',
    );
    for (const action of ['play', 'step', 'restart', 'speed'])
      assert.ok(
        stops.some((s) => s.action === action),
        action,
      );
    const grids = await page.$$eval('#view-mechanics .grid', (g) => g.map((e) => e.getAttribute('aria-label')));
    const reached = stops.filter((s) => s.grid).map((s) => s.grid);
    assert.deepEqual(reached, grids, 'each grid is one tab stop, in order');
    // Every stop has an accessible name.
    for (const s of stops) assert.ok(s.name, `unnamed ${JSON.stringify(s)}`);
  });
});

test('keyboard: in every teaching view Tab reaches each control, and each grid or header row once', async (t) => {
  for (const view of ['mechanics', 'matrix', 'arithmetic', 'receptive-field']) {
    await withPage(t, `?mode=transposed&input=3&kernel=3&stride=2&view=${view}`, async (page) => {
      const panel = `#view-${view}`;
      // The tab stops the panel should have: every visible, enabled control with tabindex >= 0
      // (a disclosure's summary too: the matrix view's Cᵀ C heat map is behind one).
      // Each is marked with its position, then Tab must visit them all, in document order.
      const count = await page.$$eval(`${panel} button, ${panel} input, ${panel} select, ${panel} a[href], ${panel} summary`, (els) => {
        const stops = els.filter((e) => !e.disabled && e.offsetParent !== null && e.tabIndex >= 0);
        stops.forEach((e, i) => (e.dataset.expectedStop = String(i)));
        return stops.length;
      });
      assert.ok(count > 3, `${view}: only ${count} controls`);
      const stops = (await tabStops(page, 400)).filter((s) => s.inPanel === view);
      assert.deepEqual(
        stops.map((s) => s.expected),
        Array.from({ length: count }, (_, i) => String(i)),
        view,
      );
      for (const s of stops) assert.ok(s.name, `${view}: unnamed ${JSON.stringify(s)}`);
      // Grids and matrix header rows are one stop each (roving tabindex).
      const groups = await page.$$eval(`${panel} .grid:not(.heat), ${panel} table.matrix tr:first-of-type`, (g) =>
        g.map((e) => e.querySelectorAll('[tabindex="0"]').length),
      );
      assert.ok(
        groups.every((n) => n === 1),
        `${view}: ${groups}`,
      );
      const rowHeads = await page.$$eval(`${panel} .row-head[tabindex="0"]`, (b) => b.length);
      assert.ok(rowHeads <= 1, view);
    });
  }
});

test('keyboard: arrows move within a grid; Enter, Space and arrows operate the controls', async (t) => {
  await withPage(t, '?input=5&kernel=3', async (page) => {
    const output = '[data-testid="conv-output"]';
    await page.focus(`${output} .cell[data-index="0"]`);
    await page.keyboard.press('ArrowRight');
    assert.equal((await active(page)).index, '1');
    assert.equal(await page.getAttribute('[data-testid="link-status"]', 'data-count'), '9');
    await page.keyboard.press('ArrowDown');
    assert.equal((await active(page)).index, '4');
    await page.keyboard.press('End');
    assert.equal((await active(page)).index, '5');
    await page.keyboard.press('Home');
    assert.equal((await active(page)).index, '3');
    await page.keyboard.press('ArrowLeft'); // at the left edge: stays
    assert.equal((await active(page)).index, '3');
    // The grid keeps one tab stop: the cell last visited.
    assert.deepEqual(await page.$$eval(`${output} .cell[tabindex="0"]`, (c) => c.map((e) => e.dataset.index)), ['3']);
    // Enter on an input cell shows the outputs it feeds.
    await page.focus('.grid.input .cell[data-index="12"]');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('[data-testid="link-status"]', 'data-count'), '9');

    // Player: Space plays and pauses, Enter steps.
    await page.focus('[data-action="play"]');
    await page.keyboard.press('Space');
    assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'true');
    await page.keyboard.press('Space');
    assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'false');
    await page.focus('[data-action="step"]');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('[data-testid="player"]', 'data-step'), '1');
    await page.focus('[data-action="speed"]');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.$eval('[data-action="speed"]', (s) => s.value), 'fast');

    // Controls: arrow keys on a number field, Space on a checkbox, arrows on the radios.
    await page.focus('#stride');
    await page.keyboard.press('ArrowUp');
    assert.equal(await hook(page, 'output-size'), '2x2');
    // The bias is under "More settings": Enter on the disclosure opens it.
    await page.focus('#more > summary');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.equal((await active(page)).id, 'per-axis');
    await page.focus('#bias');
    await page.keyboard.press('Space');
    assert.equal(await hook(page, 'param-count'), '10');
    await page.focus('input[name="mode"][value="conv"]');
    await page.keyboard.press('ArrowRight');
    assert.match(page.url(), /mode=transposed/);
    assert.equal(await hook(page, 'output-size'), '11x11');
    // Tabs: Enter on a focused tab opens it.
    await page.focus('[role="tab"][data-view="mechanics"]');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    assert.equal(await page.isVisible('#view-arithmetic'), true);
  });
});

test('keyboard: focus is visible on controls, tabs and grid cells', async (t) => {
  await withPage(t, '', async (page) => {
    for (const selector of [
      '#input-h',
      '[role="tab"][data-view="mechanics"]',
      '[data-testid="conv-output"] .cell[data-index="0"]',
      '[data-action="play"]',
    ]) {
      await page.focus(selector);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
      });
      assert.notEqual(outline.style, 'none', selector);
      assert.ok(outline.width >= 2, `${selector}: outline ${outline.width}px`);
    }
  });
});

// The slowest step of web/views/player.js's speeds, in ms.
const SLOWEST_STEP_MS = 1400;

test('reduced motion: no auto-play; otherwise the mechanics play on their own', async (t) => {
  for (const query of ['?mode=transposed&input=3&kernel=3&stride=2', '?input=5&kernel=3']) {
    await withPage(
      t,
      query,
      async (page) => {
        assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'false', query);
        // A playing player steps on a timer. Rather than sleep and look, watch the player's
        // attributes until a timer of our own, set now for the slowest step, fires: the page
        // runs timers of equal or shorter delay set before ours first (the HTML spec orders
        // them so), so by then any step timer set while rendering has fired, however busy
        // the machine is, and every change it made has been seen.
        const changes = await page.evaluate(
          (delay) =>
            new Promise((resolve) => {
              const player = document.querySelector('[data-testid="player"]');
              const seen = [];
              const observer = new MutationObserver((records) =>
                records.forEach((r) => seen.push(`${r.attributeName}=${player.getAttribute(r.attributeName)}`)),
              );
              observer.observe(player, { attributes: true, attributeFilter: ['data-step', 'data-playing'] });
              setTimeout(() => {
                observer.disconnect();
                resolve(seen);
              }, delay);
            }),
          SLOWEST_STEP_MS,
        );
        assert.deepEqual(changes, [], query);
        assert.equal(await page.getAttribute('[data-testid="player"]', 'data-step'), '-1', query);
      },
      { reducedMotion: 'reduce' },
    );
    await withPage(
      t,
      query,
      async (page) => {
        assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'true', query);
        // Two steps taken on its own (the wait's timeout only guards against a hang).
        await page.waitForFunction(() => Number(document.querySelector('[data-testid="player"]').dataset.step) >= 1, null, {
          timeout: HANG_MS,
        });
        // Hovering a cell pauses it, so the reader can look.
        await page.hover('.grid.output .cell[data-index="0"]');
        assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'false', query);
        // Asking for reduced motion while it plays stops it.
        await page.click('[data-testid="player"] [data-action="play"]');
        assert.equal(await page.getAttribute('[data-testid="player"]', 'data-playing'), 'true', query);
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await page.waitForFunction(() => document.querySelector('[data-testid="player"]').dataset.playing === 'false', null, {
          timeout: HANG_MS,
        });
      },
      { reducedMotion: 'no-preference' },
    );
  }
});

// Relative luminance of a CSS rgb() colour.
function luminance(css) {
  const [r, g, b] = css
    .match(/[\d.]+/g)
    .slice(0, 3)
    .map((v) => Number(v) / 255);
  const lin = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

test('dark mode: the page and the grids change colour with prefers-color-scheme', async (t) => {
  const colours = {};
  for (const colorScheme of ['light', 'dark']) {
    await withPage(
      t,
      '?mode=transposed&input=3&kernel=3&stride=2',
      async (page) => {
        colours[colorScheme] = await page.evaluate(() => {
          const style = (sel) => getComputedStyle(document.querySelector(sel));
          return {
            bg: style('body').backgroundColor,
            fg: style('body').color,
            cell: style('.grid.input .cell').backgroundColor,
            kernel: style('.grid.kernel .cell:not(.gap)').backgroundColor,
          };
        });
      },
      { colorScheme },
    );
  }
  const { light, dark } = colours;
  assert.ok(luminance(light.bg) > 0.8 && luminance(dark.bg) < 0.05, JSON.stringify(colours));
  assert.ok(luminance(light.fg) < 0.1 && luminance(dark.fg) > 0.6, JSON.stringify(colours));
  assert.notEqual(light.cell, dark.cell);
  assert.notEqual(light.kernel, dark.kernel);
  // Text keeps a readable contrast (WCAG: at least 4.5:1) in both.
  for (const { bg, fg } of [light, dark]) {
    const [hi, lo] = [luminance(bg), luminance(fg)].sort((a, b) => b - a);
    assert.ok((hi + 0.05) / (lo + 0.05) >= 4.5, `${fg} on ${bg}`);
  }
});

test('phone width: 375 px has no horizontal page scroll in any view', async (t) => {
  const queries = [
    '?mode=transposed&input=5&kernel=3&stride=2',
    '?input=12&kernel=3&padding=2',
    '?input=4&kernel=3&view=matrix',
    '?mode=transposed&input=4&kernel=3&stride=2&padding=1&view=arithmetic',
    '?view=checkerboard&mode=transposed&input=8&kernel=3&stride=2',
    '?view=receptive-field',
    '?view=image',
  ];
  for (const query of queries) {
    await withPage(
      t,
      query,
      async (page) => {
        const [scroll, client] = await page.evaluate(() => [
          document.documentElement.scrollWidth,
          document.documentElement.clientWidth,
        ]);
        assert.ok(scroll <= client, `${query}: page is ${scroll} px wide in a ${client} px screen`);
      },
      { viewport: { width: 375, height: 740 } },
    );
  }
});
