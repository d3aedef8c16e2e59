// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// One axis of an upsampling stack's overlap counts as a bar chart under its grid: one bar
// per output column, as wide as the grid's cells (the same --size custom properties, so the
// bars stand under their columns at any size), its height the count, the border columns
// (outside the interior, where fewer taps can land) in grey; the counts are written over
// the bars while the cells are wide enough, and are always in the accessible name.

/** A bar chart (role img) of `profile` (counts), `interior` (flags), named `name`. */
export function profileChart(profile, interior, name) {
  const top = Math.max(...profile, 1);
  const chart = document.createElement('div');
  chart.className = profile.length <= 16 ? 'profile labelled' : 'profile';
  chart.dataset.testid = 'upsampling-profile';
  chart.dataset.values = profile.join(',');
  chart.style.gridTemplateColumns = `repeat(${profile.length}, var(--cell))`;
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', `${name}, one axis (grey: border columns): ${profile.join(', ')}`);
  profile.forEach((v, i) => {
    const bar = document.createElement('span');
    bar.className = interior[i] ? 'bar' : 'bar border';
    bar.style.height = `${(100 * v) / top}%`;
    bar.dataset.value = String(v);
    chart.append(bar);
  });
  return chart;
}

/** Gives the chart the cell sizes sizeCells chose for `grid`. */
export function sizeLikeGrid(chart, grid) {
  for (const name of ['--size', '--size-sm']) chart.style.setProperty(name, grid.style.getPropertyValue(name));
}
