#!/usr/bin/env node
// Does the page stay responsive while a lesson trains? Opens each lesson of the built site (dist/,
// or $AP_DIST) in headless Chromium on the CPU backend, trains it for a few seconds with the page
// at the top (where a learner watches the curves and the attention map) and again scrolled to the
// step-by-step panel (the page's largest view: every matrix of the formula), and counts the long
// tasks meanwhile: a PerformanceObserver reports each task that held the page's main thread for
// more than 50 ms, script and rendering alike. One JSON line per lesson and view.
//
//   node bench/long-tasks.mjs [--lessons sentiment,charlm,...] [--seconds 15] [--views top,qkv-panel]
//
// Nothing is asserted: CI runs a short version so that the script cannot rot.
import { serve, launch, Playground } from '../tests/browser/harness.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const LESSONS =
  'sentiment,copy,reverse,sort,recall,induction,regression,charlm,multitask,translate,patches,signal,recommend,multimodal,custom';
const lessons = opt('lessons', LESSONS).split(',');
const seconds = Number(opt('seconds', '15'));
const views = opt('views', 'top,qkv-panel').split(',');

/** Runs in the page before the app: keeps every long task's start and duration. */
function observeLongTasks() {
  window.apLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.apLongTasks.push({ start: entry.startTime, ms: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

const server = await serve();
const browser = await launch({ webgpu: false });
try {
  for (const lesson of lessons) {
    for (const view of views) {
      const app = await Playground.open(browser, `${server.url}?lesson=${lesson}&backend=cpu`, { init: [observeLongTasks] });
      await app.ready();
      if (view !== 'top') await app.byId(view).scrollIntoViewIfNeeded();
      const since = await app.page.evaluate(() => performance.now());
      const before = await app.steps();
      await app.byId('train-button').click();
      await app.page.waitForTimeout(seconds * 1000);
      await app.byId('train-button').click();
      const steps = (await app.steps()) - before;
      const tasks = await app.page.evaluate((since) => window.apLongTasks.filter((t) => t.start >= since), since);
      const longest = tasks.reduce((max, t) => Math.max(max, t.ms), 0);
      console.log(
        JSON.stringify({
          lesson,
          view,
          seconds,
          steps,
          long_tasks: tasks.length,
          longest_ms: Math.round(longest),
          over_100ms: tasks.filter((t) => t.ms > 100).length,
          errors: app.errors.length,
        }),
      );
      await app.page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
