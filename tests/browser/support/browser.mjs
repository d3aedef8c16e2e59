// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by
// playwright-core (which downloads no browser), a fresh profile per launch, and a page
// that records console errors, failed requests and requests leaving the origin.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { repoRoot } from '../../js/support/paths.mjs';

/**
 * The timeout of every wait in the browser tests. They wait for a state of the page (an
 * attribute, an event, a finished job), never for a time, so this only turns a hang into a
 * failure, and is long enough that a machine whose cores are all busy with other work still
 * gets there (a Chromium test once failed at a load average of about 9 on 2 cores).
 * launch() makes it the default of every action and wait on its pages.
 */
export const HANG_MS = 180_000;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Chromium with a fresh profile; `hasTouch`: its pages take touch input (a phone's). */
export async function launch({ extraArgs = [], hasTouch = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'wasmconv-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    hasTouch,
    args: [...ARGS, ...extraArgs],
  });
  context.setDefaultTimeout(HANG_MS);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new page whose problems are collected in `problems` (console errors, page errors, off-origin requests). */
export async function openPage(context, origin) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) {
      problems.push(`off-origin request: ${r.url()}`);
    }
  });
  return { page, problems };
}

/**
 * Saves a screenshot under test-results/ (for failures): the whole page, or with
 * `fullPage: false` the screen as it is (resizing for a whole-page shot moves the page
 * under a hovering pointer).
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  const dir = join(repoRoot, 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage }).catch(() => {});
  return file;
}

/**
 * Opens a page, runs `body({ page, problems })`, then requires that no problem was seen;
 * on failure saves a screenshot named after the test; always closes the page.
 */
export async function checkedPage(t, context, origin, body) {
  const { page, problems } = await openPage(context, origin);
  try {
    await body({ page, problems });
    assert.deepEqual(problems, []);
  } catch (e) {
    t.diagnostic(`screenshot: ${await screenshot(page, t.name.replace(/\W+/g, '-').slice(0, 80))}`);
    throw e;
  } finally {
    await page.close();
  }
}
