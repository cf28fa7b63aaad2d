#!/usr/bin/env node
// This project's side of the browser benchmark: serves the built site (dist/), opens it in
// headless Chromium in benchmark mode (`?bench=bench-tiny|bench-small&backend=cpu|webgpu`) and
// prints one JSON line per run in the peers' format. `--page` adds one line per path about the
// page itself: the gzip size of what a first visit downloads (without WebGPU for the CPU path), and
// the times to the first rendered page and to the first training step.
//
//   node bench/browser.mjs [--models tiny,small] [--backends cpu,cpu-only,webgpu] [--steps 200]
//                          [--warmup 20] [--webgpu-steps 10] [--webgpu-warmup 2] [--page]
//                          [--chromium-arg FLAG ...]
//
// Backends: `cpu` is the CPU path chosen in a browser that offers WebGPU (the page starts the
// CPU-only worker build for settings that ask for the CPU); `cpu-only` is the CPU path of a
// browser without WebGPU (the CPU-only build again); `webgpu` is the WebGPU path. Each line names
// the worker that ran.
// WebGPU runs take the spec's steps (--warmup, --steps) on a GPU, but where the browser's adapter is
// a software fallback (SwiftShader, a CPU emulation: seconds per bench-small step) 2 + 10;
// --webgpu-warmup and --webgpu-steps set them either way. Each line says how many steps it timed,
// and `adapter` what ran them.
// The browser of the `cpu` and `webgpu` runs starts with the peers' TF.js driver's flags
// (`PEER_FLAGS`), so on a machine with a GPU both use it, and with no GPU both use SwiftShader.
// `--chromium-arg` adds a flag to it (repeatable; give the peers' driver the same ones).
import { readFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { loadavg } from 'node:os';
import { serve, launch, forgetKeptModel, DIST } from '../tests/browser/harness.mjs';
import { webgpuAdapter, webgpuSteps } from './adapter.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const models = opt('models', 'tiny,small').split(',');
const backends = opt('backends', 'cpu,webgpu').split(',');
const chromiumArgs = argv.flatMap((a, i) => (a === '--chromium-arg' ? [argv[i + 1]] : []));
const FLOPS = { tiny: 28_323_840, small: 654_336_000 };
const TIMEOUT_MS = 3_600_000;

function print(line) {
  console.log(JSON.stringify({ peer: 'attention-playground', ...line, loadavg_1m: +loadavg()[0].toFixed(2) }));
}

/** The WebGPU runs' steps, from the WebGPU browser's adapter and the options. */
async function stepsOnWebGpu(browser, server) {
  const page = await browser.newPage();
  try {
    // Any page of the site's origin will do (a secure context, as WebGPU asks): not the app's.
    await page.goto(`${server.url}adapter-probe`);
    const given = (name) => (opt(name) === undefined ? undefined : +opt(name));
    return webgpuSteps(await webgpuAdapter(page), {
      warmup: +opt('warmup', '20'),
      steps: +opt('steps', '200'),
      webgpuWarmup: given('webgpu-warmup'),
      webgpuSteps: given('webgpu-steps'),
    });
  } finally {
    await page.close();
  }
}

async function benchRun(browser, server, model, backend, gpuSteps) {
  const gpu = backend === 'webgpu';
  const warmup = gpu ? gpuSteps.warmup : +opt('warmup', '20');
  const steps = gpu ? gpuSteps.steps : +opt('steps', '200');
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Which build of the training worker the page started (its WebAssembly file).
  let worker = null;
  page.on('requestfinished', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop();
    if (name.startsWith('trainer')) worker = name;
  });
  try {
    const preference = backend === 'cpu-only' ? 'cpu' : backend;
    await page.goto(`${server.url}?bench=bench-${model}&backend=${preference}&bench_warmup=${warmup}&bench_steps=${steps}`);
    const result = page.locator('[data-testid=bench-result], [data-testid=bench-error]');
    await result.first().waitFor({ timeout: TIMEOUT_MS });
    if ((await result.first().getAttribute('data-testid')) === 'bench-error') {
      throw new Error(await result.first().textContent());
    }
    const read = async (name) => Number(await result.first().getAttribute(name));
    const stepsPerS = await read('data-value');
    const badge = (await page.getByTestId('backend').textContent()) ?? '';
    if (!badge.includes(gpu ? 'WebGPU' : 'CPU')) throw new Error(`ran on another backend: ${badge}`);
    print({
      model,
      backend: `browser-${backend}`,
      threads: 1,
      ok: true,
      steps_per_s: +stepsPerS.toFixed(2),
      final_loss: await read('data-loss'),
      longest_task_ms: await read('data-longest-task-ms'),
      warmup,
      steps,
      flops_per_step: FLOPS[model],
      gflops: +((FLOPS[model] * stepsPerS) / 1e9).toFixed(3),
      adapter: badge.trim(),
      worker,
      errors,
    });
  } catch (e) {
    print({ model, backend: `browser-${backend}`, ok: false, error: String(e).split('\n')[0], errors });
  } finally {
    await page.close();
  }
}

/** Every file under dir, as paths relative to it. */
async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath ?? entry.path, entry.name)));
  }
  return out;
}

const gzipped = async (file) => gzipSync(await readFile(join(DIST, file)), { level: 9 }).length;

/** One first visit: what it downloads (gzip), first contentful paint, the page ready, the first step. */
async function pageRun(browser, server, backend) {
  const page = await browser.newPage();
  await page.addInitScript(forgetKeptModel);
  await page.addInitScript(() => localStorage.setItem('attention-playground.tour-seen', '1'));
  const fetched = new Set();
  page.on('requestfinished', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/playground/')) fetched.add(path.slice('/playground/'.length) || 'index.html');
  });
  try {
    await page.goto(`${server.url}?backend=${backend}`);
    await page.getByTestId('train-button').waitFor({ timeout: TIMEOUT_MS });
    const readyMs = await page.evaluate(() => performance.now());
    await page.getByTestId('train-button').click();
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=step-count]')?.getAttribute('data-value')) >= 1,
      null,
      { timeout: TIMEOUT_MS, polling: 10 },
    );
    const firstStepMs = await page.evaluate(() => performance.now());
    const fcpMs = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    );
    const all = await files(DIST);
    const loaded = [...fetched].filter((f) => all.includes(f));
    let loadedGzip = 0;
    for (const f of loaded) loadedGzip += await gzipped(f);
    let distGzip = 0;
    for (const f of all) distGzip += await gzipped(f);
    print({
      model: 'page',
      backend: `browser-${backend}`,
      ok: true,
      first_contentful_paint_ms: fcpMs && Math.round(fcpMs),
      page_ready_ms: Math.round(readyMs),
      first_step_ms: Math.round(firstStepMs),
      first_visit_gzip_bytes: loadedGzip,
      dist_gzip_bytes: distGzip,
      first_visit_files: loaded.sort(),
    });
  } catch (e) {
    print({ model: 'page', backend: `browser-${backend}`, ok: false, error: String(e).split('\n')[0] });
  } finally {
    await page.close();
  }
}

const server = await serve();
// One browser with WebGPU exposed, as the peers' driver launches it; `backend=cpu` keeps our CPU
// runs off it.
const browser = await launch({ webgpu: 'system', args: chromiumArgs });
let failed = false;
try {
  if (argv.includes('--page')) {
    for (const backend of backends.filter((b) => b !== 'cpu-only')) {
      // A first visit as a learner makes it: the CPU path in a browser without WebGPU (the page
      // then starts the CPU-only trainer), the WebGPU path in one with it.
      const visitor = backend === 'cpu' ? await launch({ webgpu: false }) : browser;
      try {
        await pageRun(visitor, server, backend);
      } finally {
        if (visitor !== browser) await visitor.close();
      }
    }
  }
  // The CPU path of a browser without WebGPU, as a learner's Chromium on Linux or an older browser
  // is: the page starts the CPU-only worker there.
  const withoutWebGpu = backends.includes('cpu-only') ? await launch({ webgpu: false }) : null;
  const gpuSteps = backends.includes('webgpu') ? await stepsOnWebGpu(browser, server) : null;
  try {
    for (const model of models) {
      for (const backend of backends) {
        await benchRun(backend === 'cpu-only' ? withoutWebGpu : browser, server, model, backend, gpuSteps);
      }
    }
  } finally {
    await withoutWebGpu?.close();
  }
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
