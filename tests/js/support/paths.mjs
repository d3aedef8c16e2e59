// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Paths the Node tests share: the repository root and the test data kept inside it.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** The ONNX conformance cases (tests/data/onnx/README.md), part of the clone itself. */
export const onnxDataDir = resolve(repoRoot, 'tests', 'data', 'onnx');
