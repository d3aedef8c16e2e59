// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The main thread's long tasks while a test drives the page, and which of them ran the
// page's own scripts. A longtask entry only names the frame, so Long Animation Frames,
// whose `scripts` name each script that ran (5 ms or more), say whether the page's code
// was part of a task; on a loaded machine Chromium's own work (style, paint, the
// compositor's commit, Playwright's polling) makes long tasks with none of it
// (tests/browser/image-large.test.mjs measured those).

/** Starts collecting long tasks and long animation frames' scripts in the page (anew). */
export function watchLongTasks(page) {
  return page.evaluate(() => {
    window.__longTasks?.stop();
    const w = (window.__longTasks = { since: performance.now(), tasks: [], scripts: [] });
    const onTasks = (entries) => {
      for (const e of entries) w.tasks.push({ start: e.startTime, duration: e.duration });
    };
    const onFrames = (entries) => {
      for (const frame of entries) {
        for (const s of frame.scripts) w.scripts.push({ start: s.startTime, duration: s.duration, invoker: s.invoker, source: s.sourceURL });
      }
    };
    const tasks = new PerformanceObserver((list) => onTasks(list.getEntries()));
    const frames = new PerformanceObserver((list) => onFrames(list.getEntries()));
    tasks.observe({ type: 'longtask' });
    frames.observe({ type: 'long-animation-frame' });
    // Entries not yet delivered to the callbacks.
    w.flush = () => {
      onTasks(tasks.takeRecords());
      onFrames(frames.takeRecords());
    };
    w.stop = () => {
      tasks.disconnect();
      frames.disconnect();
    };
  });
}

/**
 * What was collected since watchLongTasks, once the page has drawn two more frames (so the
 * entries of the last task are delivered): { tasks, scripts } where `scripts` are the
 * page's own (its origin's source URLs) and `pages` the long tasks over `limit` ms that
 * ran one of them.
 */
export async function longTasks(page, limit) {
  const { tasks, scripts } = await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const w = window.__longTasks;
    w.flush();
    return { tasks: w.tasks.filter((e) => e.start >= w.since), scripts: w.scripts.filter((s) => s.start >= w.since) };
  });
  const origin = new URL(page.url()).origin;
  const own = scripts.filter((s) => s.source.startsWith(origin));
  const overlaps = (task, s) => s.start < task.start + task.duration && task.start < s.start + s.duration;
  const pages = tasks.filter((task) => task.duration > limit && own.some((s) => overlaps(task, s)));
  return { tasks, scripts: own, pages };
}
