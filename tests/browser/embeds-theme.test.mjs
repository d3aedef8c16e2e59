// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The packaged figure (dist/embed.js) on blogs of every colour: with theme="auto" it
// follows the page's background (not only the OS preference), theme="light" and "dark"
// force a palette, and every text/background pair inside a figure has a contrast ratio of
// at least 4.5:1, read from computed colours, for the four combinations of OS preference
// and host background, also with cells lit and focused. The controls: `controls` lists the
// sliders, each labelled and showing its value, and the keyboard moves them; invalid
// attributes are reported with only what that attribute accepts; playground-url sets the
// "Open in the playground" link. The iframe page (dist/embed.html) in theme=auto follows the
// host page's background, which the host script of docs/embedding.md tells it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { repoRoot } from '../js/support/paths.mjs';
import { launch, openPage, screenshot } from './support/browser.mjs';
import { contrasts } from './support/contrast.mjs';
import { hostScript } from './support/embed-host.mjs';

let dir;
let server;
let browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wasmconv-theme-'));
  symlinkSync(join(repoRoot, 'dist'), join(dir, 'dist'), 'dir');
  server = await serve({ root: dir, port: 0, allowedLinks: [join(repoRoot, 'dist')] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A post (its page style given as a stylesheet file: no inline styles) with `figures`. */
function post(name, figures, css = '') {
  writeFileSync(join(dir, `${name}.css`), `body { font-family: Georgia, serif; max-width: 42rem; margin: 2rem auto; line-height: 1.6; padding: 0 1rem; } ${css}`);
  writeFileSync(join(dir, `${name}.html`), `<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>${name}</title>
<link rel="stylesheet" href="${name}.css"><script type="module" src="dist/embed.js" blocking="render"></script>
<p>Some text of the post.</p>
${figures}`);
  return `${server.url}${name}.html`;
}

const FIGURES = `
<wasmconv-figure id="mech" mode="transposed" input="3" kernel="3" stride="2" padding="1" view="mechanics" controls playground-url="https://example.org/playground/"></wasmconv-figure>
<wasmconv-figure id="conv" input="5" kernel="3" padding="1" stride="abc" view="mechanics"></wasmconv-figure>
<wasmconv-figure id="matrix" input="3" kernel="2" view="matrix" details></wasmconv-figure>
<wasmconv-figure id="heat" mode="transposed" input="4" kernel="3" stride="2" view="checkerboard"></wasmconv-figure>
<wasmconv-figure id="arith" mode="transposed" input="4" kernel="4" stride="2" padding="1" view="arithmetic"></wasmconv-figure>
<wasmconv-figure id="rf" view="receptive-field"></wasmconv-figure>`;

const ready = (page) => page.waitForFunction(() => [...document.querySelectorAll('wasmconv-figure')].every((f) => f.dataset.state === 'ready'));

for (const os of ['light', 'dark']) {
  for (const [host, css, expected] of [['white', 'html { background: #ffffff; color: #222; }', 'light'], ['dark', 'html { background: #111111; color: #ddd; }', 'dark']]) {
    test(`OS ${os}, ${host} blog: theme=auto follows the page (${expected}) and every text/background pair has contrast >= 4.5`, async (t) => {
      const url = post(`${os}-${host}`, FIGURES, css);
      const { page, problems } = await openPage(browser.context, server.url);
      try {
        await page.emulateMedia({ colorScheme: os, reducedMotion: 'reduce' });
        await page.setViewportSize({ width: 1000, height: 12000 });
        await page.goto(url);
        await ready(page);
        assert.deepEqual(await page.$$eval('wasmconv-figure', (els) => [...new Set(els.map((el) => el.dataset.theme))]), [expected]);
        const check = async (when) => {
          const pairs = await page.evaluate(contrasts);
          // Every figure has text, and the test saw the kinds that carry colour.
          assert.deepEqual([...new Set(pairs.map((p) => p.figure))].sort(), ['arith', 'conv', 'heat', 'matrix', 'mech', 'rf']);
          for (const kind of ['button.cell.pad', 'button.cell.zero', 'span.cell', 'p.error', 'a', 'output', 'td']) {
            assert.ok(pairs.some((p) => p.element.startsWith(kind)), `${when}: no ${kind} checked`);
          }
          const low = pairs.filter((p) => p.ratio < 4.5);
          t.diagnostic(`${when}: ${pairs.length} text elements, lowest contrast ${Math.min(...pairs.map((p) => p.ratio)).toFixed(2)}`);
          assert.deepEqual(low.map((p) => `${p.figure} ${p.element} "${p.text}" ${p.color} on ${p.background}: ${p.ratio.toFixed(2)}`), [], when);
          return pairs;
        };
        await check('at rest');
        // Lit and focused cells: focus an output cell of the scatter view and a matrix row.
        await page.$eval('#mech', (el) => el.shadowRoot.querySelector('[data-testid="scatter-output"] .cell').click());
        await page.$eval('#matrix', (el) => el.shadowRoot.querySelector('.row-head').click());
        const lit = await check('with lit and focused cells');
        assert.ok(lit.some((p) => p.element.includes('lit')) && lit.some((p) => p.element.includes('focus')), 'lit and focused cells were checked');
        assert.deepEqual(problems, []);
      } catch (e) {
        t.diagnostic(`screenshot: ${await screenshot(page, `theme-${os}-${host}`)}`);
        throw e;
      } finally {
        await page.close();
      }
    });
  }
}

test('theme="light" and "dark" override the page; auto follows a blog that switches its background', async (t) => {
  const url = post('switch', `
<wasmconv-figure id="auto" input="4" kernel="3" view="arithmetic"></wasmconv-figure>
<wasmconv-figure id="light" theme="light" input="4" kernel="3" view="arithmetic"></wasmconv-figure>
<wasmconv-figure id="dark" theme="dark" input="4" kernel="3" view="arithmetic"></wasmconv-figure>
<wasmconv-figure id="bad" theme="blue" input="4" kernel="3" view="nonsense" controls="stride size"></wasmconv-figure>`, 'html.night { background: rgb(20, 20, 30); }');
  const { page, problems } = await openPage(browser.context, server.url);
  const themes = () => page.$$eval('wasmconv-figure', (els) => els.map((el) => `${el.id}:${el.dataset.theme}`));
  const frameBackground = (id) => page.$eval(`#${id}`, (el) => getComputedStyle(el.shadowRoot.querySelector('.frame')).backgroundColor);
  try {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 900, height: 5000 });
    await page.goto(url);
    await ready(page);
    // A light page in a dark OS: auto is light.
    assert.deepEqual(await themes(), ['auto:light', 'light:light', 'dark:dark', 'bad:light']);
    assert.equal(await frameBackground('auto'), 'rgb(255, 255, 255)');
    assert.equal(await frameBackground('dark'), 'rgb(17, 24, 39)');
    // The blog's own night mode (a class on <html>): auto follows, forced themes stay.
    await page.evaluate(() => document.documentElement.classList.add('night'));
    await page.waitForFunction(() => document.getElementById('auto').dataset.theme === 'dark');
    assert.deepEqual(await themes(), ['auto:dark', 'light:light', 'dark:dark', 'bad:dark']);
    // Each message lists only what that attribute accepts in a figure.
    const error = await page.$eval('#bad', (el) => el.shadowRoot.querySelector('.error').textContent);
    assert.match(error, /view=nonsense must be one of mechanics, matrix, arithmetic, checkerboard, receptive-field/);
    assert.doesNotMatch(error, /image/);
    assert.match(error, /theme=blue must be one of auto, light, dark/);
    assert.match(error, /controls=size must list some of input, kernel, stride, padding, dilation/);
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, 'theme-switch')}`);
    throw e;
  } finally {
    await page.close();
  }
});

test('controls lists the sliders; each is labelled, shows its value and moves with the keyboard; playground-url sets the link', async (t) => {
  const url = post('controls', `
<wasmconv-figure id="two" input="7" kernel="3" view="arithmetic" controls="stride dilation" playground-url="https://example.org/play/"></wasmconv-figure>
<wasmconv-figure id="default" input="5" kernel="3" view="matrix" controls></wasmconv-figure>`);
  const { page, problems } = await openPage(browser.context, server.url);
  const sliders = (id) => page.$eval(`#${id}`, (el) => [...el.shadowRoot.querySelectorAll('.controls label')].map((label) => {
    const input = label.querySelector('input[type="range"]');
    return { label: label.textContent.trim(), name: input.getAttribute('aria-label'), value: input.value, shown: label.querySelector('output').textContent, range: `${input.min}-${input.max}` };
  }));
  const size = (id) => page.$eval(`#${id}`, (el) => el.shadowRoot.querySelector('[aria-live]').dataset.outputSize);
  try {
    await page.setViewportSize({ width: 900, height: 3000 });
    await page.goto(url);
    await ready(page);
    assert.deepEqual(await sliders('two'), [
      { label: 'Stride 1', name: 'Stride', value: '1', shown: '1', range: '1-4' },
      { label: 'Dilation 1', name: 'Dilation', value: '1', shown: '1', range: '1-3' },
    ]);
    assert.deepEqual((await sliders('default')).map((s) => s.label), ['Stride 1', 'Dilation 1', 'Kernel 3']);
    assert.equal(await size('two'), '5x5');
    // Keyboard: focus the stride slider and press the right arrow.
    await page.$eval('#two', (el) => el.shadowRoot.querySelector('input[aria-label="Stride"]').focus());
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.getElementById('two').getAttribute('stride') === '2');
    assert.equal(await size('two'), '3x3');
    assert.deepEqual((await sliders('two'))[0], { label: 'Stride 2', name: 'Stride', value: '2', shown: '2', range: '1-4' });
    // The link goes to the given playground with the figure's setting; no attribute, no link.
    assert.equal(await page.$eval('#two', (el) => el.shadowRoot.querySelector('a').href),
      'https://example.org/play/?input=7&kernel=3&stride=2&padding=0&dilation=1&view=arithmetic');
    assert.equal(await page.$eval('#default', (el) => el.shadowRoot.querySelectorAll('a').length), 0);
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, 'controls')}`);
    throw e;
  } finally {
    await page.close();
  }
});

test('the iframe page in theme=auto follows the host page\'s background, told by the documented host script', async (t) => {
  writeFileSync(join(dir, 'host.js'), hostScript());
  writeFileSync(join(dir, 'iframe-host.css'), 'html { background: #ffffff; color: #222; } html.night { background: rgb(17, 17, 17); color: #ddd; } iframe { width: 100%; border: 0; }');
  const hostPage = (name, script) => {
    writeFileSync(join(dir, `${name}.html`), `<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>${name}</title>
<link rel="stylesheet" href="iframe-host.css">${script ? '<script type="module" src="host.js"></script>' : ''}
<p>A post on a host that forbids scripts in posts (its theme has one).</p>
<iframe id="auto" title="auto" src="dist/embed.html?view=arithmetic&amp;mode=transposed&amp;input=4&amp;kernel=4&amp;stride=2"></iframe>
<iframe id="light" title="light" src="dist/embed.html?view=arithmetic&amp;input=5&amp;kernel=3&amp;theme=light"></iframe>`);
    return `${server.url}${name}.html`;
  };
  const { page, problems } = await openPage(browser.context, server.url);
  const frameOf = async (id) => (await page.$(`#${id}`)).contentFrame();
  const theme = async (id) => (await frameOf(id)).$eval('wasmconv-figure', (el) => el.dataset.theme);
  const waitTheme = async (id, expected) => (await frameOf(id)).waitForFunction((want) => {
    const figure = document.querySelector('wasmconv-figure');
    return figure?.dataset.state === 'ready' && figure.dataset.theme === want;
  }, expected);
  const lowest = async (id) => {
    const pairs = await (await frameOf(id)).evaluate(contrasts);
    assert.ok(pairs.length > 10, `${id}: only ${pairs.length} text elements`);
    return Math.min(...pairs.map((p) => p.ratio));
  };
  try {
    // The reader's OS is dark and the blog is white.
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await page.setViewportSize({ width: 900, height: 3000 });
    // Without the host script the iframe cannot know the page: it follows the OS (dark on white).
    await page.goto(hostPage('iframe-bare', false));
    await (await frameOf('auto')).waitForSelector('wasmconv-figure[data-state="ready"]');
    assert.equal(await theme('auto'), 'dark');
    // With it, the figure takes the page's background: light, and dark once the blog switches.
    await page.goto(hostPage('iframe-host', true));
    await waitTheme('auto', 'light');
    await waitTheme('light', 'light');
    assert.equal(await (await frameOf('auto')).evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(255, 255, 255)');
    const lightRatio = await lowest('auto');
    await page.evaluate(() => document.documentElement.classList.add('night'));
    await waitTheme('auto', 'dark');
    assert.equal(await (await frameOf('auto')).evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(17, 17, 17)');
    const darkRatio = await lowest('auto');
    // A forced theme stays; the host's background still fills its page around the figure.
    assert.equal(await theme('light'), 'light');
    t.diagnostic(`lowest contrast in the iframe: ${lightRatio.toFixed(2)} on the white host, ${darkRatio.toFixed(2)} on the dark one`);
    assert.ok(lightRatio >= 4.5 && darkRatio >= 4.5, `contrast ${lightRatio} / ${darkRatio}`);
    // The host sized the iframes from their messages.
    assert.ok(await page.$eval('#auto', (el) => parseFloat(el.style.height) > 150));
    // Back to light: the message follows every switch.
    await page.evaluate(() => document.documentElement.classList.remove('night'));
    await waitTheme('auto', 'light');
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, 'theme-iframe')}`);
    throw e;
  } finally {
    await page.close();
  }
});
