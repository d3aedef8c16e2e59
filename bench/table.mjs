// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark's table as Markdown, columns padded to their widest cell (docs/performance.md's
// tables are pasted from it), and its parser, which the browser test uses to
// check what a user sees.

export function formatTable(columns, rows) {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => `| ${r.map((v, i) => String(v).padEnd(widths[i])).join(' | ')} |`;
  return [line(columns), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The last Markdown table in `text`: { columns, rows } with trimmed cells. */
export function parseTable(text) {
  const lines = text.split('\n');
  let end = lines.length;
  while (end > 0 && !lines[end - 1].startsWith('|')) end--;
  let start = end;
  while (start > 0 && lines[start - 1].startsWith('|')) start--;
  const cells = (l) => l.slice(1, -1).split('|').map((c) => c.trim());
  const [columns, , ...rows] = lines.slice(start, end).map(cells);
  return { columns: columns ?? [], rows };
}
