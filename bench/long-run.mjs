#!/usr/bin/env node
// Long-run measurement: trains the default lesson in headless Chromium (CPU backend) for an hour
// and samples, once a minute, the memory of the browser's processes, the page's WebAssembly and
// JavaScript heaps, the steps trained and the points each curve holds. Prints one JSON line per
// sample and a summary line comparing the last ten minutes with the ten after warm-up.
//
//   node bench/long-run.mjs [--minutes 60] [--every 60] [--url-query 'lesson=sentiment&epochs=1000']
//
// Serves dist/ (or $AP_DIST) like the browser tests. Linux only (reads /proc).
import { readdir, readFile } from 'node:fs/promises';
import { serve, launch, forgetKeptModel } from '../tests/browser/harness.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const minutes = Number(opt('minutes', '60'));
const every = Number(opt('every', '60'));
const query = opt('url-query', 'lesson=sentiment&epochs=1000&backend=cpu');

/** Resident memory (MiB) of this browser's processes: the renderer (page and worker) and all. */
async function processMemory(userDataDir) {
  const processes = new Map();
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // Chromium rewrites its process titles: the arguments may come back joined by spaces.
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      processes.set(pid, {
        parent: status.match(/PPid:\s+(\d+)/)?.[1],
        kib: Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0),
        ours: cmdline.includes(`--user-data-dir=${userDataDir}`),
        renderer: / --type=renderer\b/.test(cmdline),
      });
    } catch {
      // The process ended meanwhile.
    }
  }
  // This browser: the processes naming its profile, and everything they started.
  const mine = (pid, seen = new Set()) => {
    const p = processes.get(pid);
    if (!p || seen.has(pid)) return false;
    seen.add(pid);
    return p.ours || mine(p.parent, seen);
  };
  let renderer = 0;
  let total = 0;
  for (const [pid, p] of processes) {
    if (!mine(pid)) continue;
    total += p.kib;
    if (p.renderer) renderer += p.kib;
  }
  return { renderer_mib: +(renderer / 1024).toFixed(1), browser_mib: +(total / 1024).toFixed(1) };
}

function captureWasmMemory() {
  addEventListener('TrunkApplicationStarted', (e) => {
    window.pageWasmMemory = e.detail.wasm.memory;
  });
}

async function main() {
  const server = await serve();
  const browser = await launch({ webgpu: false });
  const page = await browser.newPage();
  await page.addInitScript(forgetKeptModel);
  await page.addInitScript(() => localStorage.setItem('attention-playground.tour-seen', '1'));
  await page.addInitScript(captureWasmMemory);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('crash', () => console.error('the page crashed'));
  page.on('close', () => console.error('the page closed'));
  await page.goto(`${server.url}?${query}`);
  await page.getByTestId('train-button').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=val-loss]')?.getAttribute('data-value'), null, { timeout: 300_000 });

  const start = Date.now();
  const samples = [];
  const train = async () => {
    const label = (await page.getByTestId('train-button').textContent()).trim();
    if (label === 'Train') await page.getByTestId('train-button').click();
  };
  await train();
  for (let minute = 0; ; minute += every / 60) {
    const memory = await processMemory(browser.userDataDir);
    const page_state = await page.evaluate(() => ({
      steps: Number(document.querySelector('[data-testid=step-count]')?.dataset.value),
      loss_points: Number(document.querySelector('[data-testid=loss-chart]')?.dataset.points),
      page_wasm_mib: window.pageWasmMemory ? +(window.pageWasmMemory.buffer.byteLength / 2 ** 20).toFixed(1) : null,
      page_js_heap_mib: performance.memory ? +(performance.memory.usedJSHeapSize / 2 ** 20).toFixed(1) : null,
      val_loss: Number(document.querySelector('[data-testid=val-loss]')?.dataset.value),
    }));
    const sample = { minute: +((Date.now() - start) / 60_000).toFixed(2), ...memory, ...page_state, errors: errors.length };
    samples.push(sample);
    console.log(JSON.stringify(sample));
    if (Date.now() - start >= minutes * 60_000) break;
    // A lesson that reached its last epoch is trained on (as a learner leaving it running would).
    await train();
    await new Promise((ok) => setTimeout(ok, every * 1000));
  }

  const mean = (xs, key) => xs.reduce((a, s) => a + s[key], 0) / Math.max(xs.length, 1);
  const window_n = Math.max(1, Math.round(600 / every));
  const early = samples.slice(window_n, 2 * window_n);
  const late = samples.slice(-window_n);
  const summary = {
    summary: true,
    minutes,
    steps: samples.at(-1).steps,
    loss_points: samples.at(-1).loss_points,
    renderer_mib_after_warmup: +mean(early, 'renderer_mib').toFixed(1),
    renderer_mib_last_10_min: +mean(late, 'renderer_mib').toFixed(1),
    renderer_mib_max: Math.max(...samples.map((s) => s.renderer_mib)),
    browser_mib_after_warmup: +mean(early, 'browser_mib').toFixed(1),
    browser_mib_last_10_min: +mean(late, 'browser_mib').toFixed(1),
    page_wasm_mib_last: samples.at(-1).page_wasm_mib,
    page_js_heap_mib_last: samples.at(-1).page_js_heap_mib,
    page_errors: errors,
  };
  console.log(JSON.stringify(summary));
  await browser.close();
  await server.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
