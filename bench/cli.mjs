// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The command lines of the benchmark scripts (bench/run.mjs, bench/layer-loop.mjs): their
// flags read against a declared list, so that a mistyped flag or a missing value is an
// error naming it instead of being ignored, and errors in what the user typed are printed
// as one line, exit code 2, without a stack trace.

/** A mistake in the command line or in the shape list it names: printed without a stack. */
export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Reads `argv` against `flags`, an object from flag name to a description of its value
 * (e.g. `'MS'`) or to `null` for a flag without one. Returns { [flag]: value string, or
 * true }. `--help` and `-h` are always accepted (as `help: true`).
 */
export function parseArgs(argv, flags) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    if (!Object.hasOwn(flags, arg)) {
      throw new UsageError(`unknown option ${arg} (the options are ${Object.keys(flags).join(', ')})`);
    }
    if (flags[arg] === null) {
      out[arg] = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value: ${arg} ${flags[arg]}`);
    out[arg] = value;
    i++;
  }
  return out;
}

/**
 * `text` as a number of at least `min` (an integer if `integer`), or a UsageError naming
 * `flag`; `fallback` when `text` is undefined.
 */
export function numberArg(flag, text, fallback, { min = 0, integer = false } = {}) {
  if (text === undefined) return fallback;
  const value = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(value) && value >= min && (!integer || Number.isInteger(value));
  if (!ok) {
    const what = integer ? `an integer >= ${min}` : `a number >= ${min}`;
    throw new UsageError(`${flag} must be ${what}, got ${text}`);
  }
  return value;
}

/** The text of the shape list at `file`, or a UsageError naming it (Node only). */
export async function readShapeList(file) {
  const { readFileSync } = await import('node:fs'); // not at the top: the page imports this module too
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the shape list ${file}: ${e.code ?? e.message}`);
  }
}

/**
 * Reads the process's arguments against `flags` (parseArgs) and runs `main(args)`: with
 * --help prints `usage` instead; a UsageError from either becomes `name: message` on
 * stderr, with exit code 2. Other errors propagate as they are.
 */
export async function runCli({ name, usage, flags, argv = process.argv.slice(2) }, main) {
  try {
    const args = parseArgs(argv, flags);
    if (args.help) {
      console.log(usage);
      return;
    }
    await main(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${name}: ${e.message}\n(--help lists the options)`);
    process.exitCode = 2;
  }
}
