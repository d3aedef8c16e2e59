// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Paths the Node tests share: the repository root and the shared/ folder beside it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** shared/ sits beside the repository (CI clones it so); WASMCONV_SHARED_DIR overrides. */
export function sharedDir() {
  const dir = process.env.WASMCONV_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');
  if (!existsSync(dir)) {
    throw new Error(`shared/ not found at ${dir}: clone it beside the repository or set WASMCONV_SHARED_DIR`);
  }
  return dir;
}
