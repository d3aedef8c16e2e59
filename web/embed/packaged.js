// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// What differs between the figure served from the repository (web/embed/, beside the
// playground) and the one shipped in the package (dist/embed.js, built by
// scripts/build-embed.mjs, which replaces this module):
//   stylesheetText  the playground's stylesheet and the figure's own (figure.css) as one
//                   text, adopted by every figure's shadow root (a constructed stylesheet:
//                   no request, and allowed by a strict Content-Security-Policy); null here;
//   stylesheetUrls  the same stylesheets as files, <link>ed from each shadow root here
//                   (none in the package);
//   playgroundUrl   the playground the "Open in the playground" link points to when the
//                   figure has no playground-url attribute; the package ships no playground,
//                   so it is null there (no link).

/** @type {string | null} */
export const stylesheetText = null;

/** @type {string | null} */
export const playgroundUrl = new URL('../', import.meta.url).href;

/** @type {string[]} */
export const stylesheetUrls = [new URL('../style.css', import.meta.url).href, new URL('figure.css', import.meta.url).href];
