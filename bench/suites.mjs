// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// What a benchmark run times, in Node and in the page alike: the shape list (the default
// quick run), layer suites (bench/suites/*.txt: every distinct convolution of a real
// network once, with count= how many times the network has it) or a random draw
// (random.mjs), narrowed by --only; and the per-network line printed after a suite run's
// table, each library's sum over the network's layers of count x median ms.
import { UsageError } from './cli.mjs';
import { drawShapes } from './random.mjs';
import { parseShapes } from './shapes.mjs';

/** The suites' names, in the order `--suite all` runs them; each is bench/suites/NAME.txt. */
export const SUITES = ['mobilenetv2', 'resnet18', 'unet', 'dcgan', 'superres'];

/** The URL of a suite's file (file: in Node, the page's origin in the browser). */
export const suiteUrl = (name) => new URL(`./suites/${name}.txt`, import.meta.url);

/**
 * The suites `--suite` names: one name, several joined by commas, or `all`. An unknown
 * name is a UsageError listing the valid ones.
 */
export function suiteNames(text) {
  const names = [];
  for (const name of text.split(',')) {
    const picked = name === 'all' ? SUITES : SUITES.includes(name) ? [name] : null;
    if (!picked) throw new UsageError(`--suite ${name}: no such suite (the suites are ${SUITES.join(', ')}, or all)`);
    for (const n of picked) if (!names.includes(n)) names.push(n);
  }
  return names;
}

/**
 * The layers of a run, as groups { network, settings, distinct } (`network` a suite's
 * name or null, `distinct` how many layers the group had before --only): `suites`, a list
 * of { name, shapesText }, each a group; else `random`, { count, seed }, one group of
 * drawn shapes; else the shape list `shapesText`, one group. `only` (ids, or null) keeps
 * those layers, and a group left empty is dropped; an id that no group has, or an id in
 * two suites, is a UsageError.
 */
export function layerGroups({ shapesText = null, suites = null, random = null, only = null }) {
  if (!suites && !random) {
    const all = parseShapes(shapesText);
    return [{ network: null, settings: parseShapes(shapesText, only), distinct: all.length }];
  }
  const groups = suites
    ? suites.map(({ name, shapesText: text }) => ({ network: name, settings: parseShapes(text) }))
    : [{ network: null, settings: drawShapes(random.count, random.seed) }];
  const ids = groups.flatMap((g) => g.settings.map((s) => s.id));
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length) throw new UsageError(`the suites share the ids ${[...new Set(repeated)].join(', ')}`);
  const where = suites ? `the suite${suites.length > 1 ? 's' : ''} ${suites.map((s) => s.name).join(', ')}` : 'the random draw';
  const missing = (only ?? []).filter((id) => !ids.includes(id));
  if (missing.length) throw new UsageError(`--only names ${missing.join(', ')}, not in ${where} (its ids: ${ids.join(', ')})`);
  return groups
    .map((g) => ({ ...g, distinct: g.settings.length, settings: only ? g.settings.filter((s) => only.includes(s.id)) : g.settings }))
    .filter((g) => g.settings.length);
}

/**
 * A network's totals from the benchmark's results ({ id, libraries } per setting): for
 * wasmconv and each of `peers`, the sum over `settings` of count x median ms and the
 * layers it has no time for (unsupported, wrong or failed: then its sum covers fewer
 * layers and is not comparable); the best peer among those with a time for every layer
 * and wasmconv's ratio to it (its ms over wasmconv's; null when wasmconv lacks a layer or
 * no peer has them all).
 */
export function networkTotal(settings, results, peers) {
  const libraries = {};
  for (const name of ['wasmconv', ...peers]) {
    let ms = 0;
    const missing = [];
    for (const s of settings) {
      const cell = results.find((r) => r.id === s.id)?.libraries[name];
      if (typeof cell === 'object') ms += s.count * cell.ms;
      else missing.push({ id: s.id, why: cell ?? 'missing' });
    }
    libraries[name] = { ms, missing };
  }
  const complete = peers.filter((p) => !libraries[p].missing.length);
  const best = complete.length
    ? complete.reduce((a, b) => (libraries[b].ms < libraries[a].ms ? b : a))
    : null;
  const ratio = best && !libraries.wasmconv.missing.length ? libraries[best].ms / libraries.wasmconv.ms : null;
  return {
    convolutions: settings.reduce((sum, s) => sum + s.count, 0),
    layers: settings.length,
    libraries,
    best,
    ratio,
  };
}

/**
 * The line printed for a network: e.g. `network resnet18 (20 convolutions, 11 distinct
 * layers): sum of count x median ms: wasmconv 30.12, XNNPACK 45.80, ORT Web 51.00;
 * wasmconv 1.52x the best peer (XNNPACK)`. `distinct` is how many layers the suite has:
 * fewer timed (--only) is said.
 */
export function networkLine(network, total, distinct) {
  const what = total.layers < distinct
    ? `--only: ${total.layers} of its ${distinct} distinct layers, ${total.convolutions} convolutions`
    : `${total.convolutions} convolutions, ${total.layers} distinct layers`;
  const sums = Object.entries(total.libraries).map(([name, { ms, missing }]) => {
    if (!missing.length) return `${name} ${ms.toFixed(2)}`;
    const why = missing.map((m) => `${m.id} ${m.why}`).join(', ');
    return `${name} not comparable (no time for ${why}${missing.length < total.layers ? `; the other layers sum to ${ms.toFixed(2)}` : ''})`;
  });
  let verdict;
  if (total.ratio !== null) verdict = `wasmconv ${total.ratio.toFixed(2)}x the best peer (${total.best})`;
  else if (total.libraries.wasmconv.missing.length) verdict = 'no ratio: wasmconv has no time for every layer';
  else verdict = 'no ratio: no peer has a time for every layer';
  return `network ${network} (${what}): sum of count x median ms: ${sums.join(', ')}; ${verdict}`;
}
