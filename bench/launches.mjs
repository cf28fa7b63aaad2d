#!/usr/bin/env node
// Where a WebGPU training step's GPU work goes: counts the compute dispatches of one step of the
// benchmark workload, per kernel, and the queue submissions, buffer writes and read-backs.
//
//   node bench/launches.mjs [--models tiny,small] [--warmup 2] [--steps 10]
//
// It copies the built site (dist/) to a temporary folder with a few lines put before the WebGPU
// worker's script. They wrap the WebGPU methods the worker's wgpu calls (`setPipeline`,
// `dispatchWorkgroups`, `submit`, `writeBuffer`, `mapAsync`, …) so that each call is counted, the
// dispatches under the name of their kernel (the compute pipeline's label, or the first words of
// its shader where it has none). The benchmark mode then runs twice, with `warmup + 1` and with
// `warmup + 1 + steps` steps; the difference of the counts, divided by `steps`, is one step's
// work. Nothing is timed: SwiftShader and a real GPU dispatch the same kernels.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const models = opt('models', 'tiny,small').split(',');
const warmup = +opt('warmup', '2');
const steps = +opt('steps', '10');

// Runs in the worker before its WebAssembly: counts every WebGPU call of interest.
const COUNTER = `(() => {
  const counts = (globalThis.__gpuCounts = { dispatch: {}, calls: {}, pipelines: 0 });
  const names = new WeakMap(), current = new WeakMap(), sources = new WeakMap();
  const wrap = (cls, method, make) => {
    const proto = globalThis[cls] && globalThis[cls].prototype;
    if (proto && typeof proto[method] === 'function') proto[method] = make(proto[method]);
  };
  const tally = (cls, method) => wrap(cls, method, (f) => function (...args) {
    counts.calls[method] = (counts.calls[method] || 0) + 1;
    return f.apply(this, args);
  });
  const nameOf = (d) => {
    if (d.label) return d.label;
    const code = sources.get(d.compute && d.compute.module) || '';
    const fn = code.match(/fn\\s+(\\w+)\\s*\\(/g) || [];
    return 'unlabelled ' + fn.slice(0, 3).join(' ').replace(/fn\\s+|\\s*\\(/g, '') + ' #' + code.length;
  };
  wrap('GPUDevice', 'createShaderModule', (f) => function (d) {
    const m = f.call(this, d);
    sources.set(m, d.code);
    return m;
  });
  wrap('GPUDevice', 'createComputePipeline', (f) => function (d) {
    const p = f.call(this, d);
    names.set(p, nameOf(d));
    counts.pipelines++;
    return p;
  });
  wrap('GPUDevice', 'createComputePipelineAsync', (f) => async function (d) {
    const p = await f.call(this, d);
    names.set(p, nameOf(d));
    counts.pipelines++;
    return p;
  });
  wrap('GPUComputePassEncoder', 'setPipeline', (f) => function (p) {
    current.set(this, p);
    return f.call(this, p);
  });
  for (const method of ['dispatchWorkgroups', 'dispatchWorkgroupsIndirect']) {
    wrap('GPUComputePassEncoder', method, (f) => function (...args) {
      const name = names.get(current.get(this)) || '?';
      counts.dispatch[name] = (counts.dispatch[name] || 0) + 1;
      return f.apply(this, args);
    });
  }
  tally('GPUQueue', 'submit');
  tally('GPUQueue', 'writeBuffer');
  tally('GPUBuffer', 'mapAsync');
  tally('GPUDevice', 'createBuffer');
  tally('GPUDevice', 'createBindGroup');
  tally('GPUCommandEncoder', 'copyBufferToBuffer');
  tally('GPUCommandEncoder', 'beginComputePass');
})();
`;

async function counted() {
  const dist = process.env.AP_DIST ?? resolve(import.meta.dirname, '..', 'dist');
  const dir = await mkdtemp(join(tmpdir(), 'ap-launches-'));
  await cp(dist, dir, { recursive: true });
  const scripts = (await readdir(dir)).filter((f) => /^trainer(-[0-9a-f]+)?\.js$/.test(f));
  if (scripts.length !== 1) throw new Error(`expected one WebGPU worker script in dist/, found ${scripts}`);
  const file = join(dir, scripts[0]);
  await writeFile(file, COUNTER + (await readFile(file, 'utf8')));
  return dir;
}

async function countsAfter(browser, server, model, total) {
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}?bench=bench-${model}&backend=webgpu&bench_warmup=0&bench_steps=${total}`);
    const result = page.locator('[data-testid=bench-result], [data-testid=bench-error]');
    await result.first().waitFor({ timeout: 1_800_000 });
    if ((await result.first().getAttribute('data-testid')) === 'bench-error') {
      throw new Error(await result.first().textContent());
    }
    const badge = (await page.getByTestId('backend').textContent()) ?? '';
    if (!badge.includes('WebGPU')) throw new Error(`ran on another backend: ${badge}`);
    for (const worker of page.workers()) {
      const counts = await worker.evaluate(() => globalThis.__gpuCounts ?? null);
      if (counts) return counts;
    }
    throw new Error('no worker counted anything: was the WebGPU worker started?');
  } finally {
    await page.close();
  }
}

/** A kernel's name without its number types, sizes and hash: `copy_kernel_t_f32_n_4_3648911e` → `copy_kernel`. */
function family(name) {
  const words = name.split('_');
  const typed = words.findIndex((w) => /^[fui](8|16|32|64)$/.test(w));
  const kept = typed > 0 ? words.slice(0, typed) : words;
  while (kept.length > 1 && kept[kept.length - 1].length <= 3) kept.pop();
  return kept.join('_');
}

const perStep = (more, fewer) => {
  const keys = new Set([...Object.keys(more), ...Object.keys(fewer)]);
  return Object.fromEntries(
    [...keys].map((k) => [k, ((more[k] ?? 0) - (fewer[k] ?? 0)) / steps]).filter(([, n]) => n !== 0),
  );
};

const dir = await counted();
process.env.AP_DIST = dir;
const { serve, launch } = await import('../tests/browser/harness.mjs');
const server = await serve();
const browser = await launch({ webgpu: true });
try {
  for (const model of models) {
    const fewer = await countsAfter(browser, server, model, warmup + 1);
    const more = await countsAfter(browser, server, model, warmup + 1 + steps);
    const dispatch = perStep(more.dispatch, fewer.dispatch);
    const total = Object.values(dispatch).reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new Error(`bench-${model}: no dispatch counted between the two runs`);
    console.log(`\nbench-${model}: ${total} dispatches per training step`);
    for (const [name, n] of Object.entries(dispatch).sort((a, b) => b[1] - a[1])) {
      console.log(`  ${String(n).padStart(6)}  ${name}`);
    }
    const families = {};
    for (const [name, n] of Object.entries(dispatch)) families[family(name)] = (families[family(name)] ?? 0) + n;
    console.log('  by kind:', Object.entries(families).sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', '));
    console.log('  other calls per step:', JSON.stringify(perStep(more.calls, fewer.calls)));
    console.log(`  compute pipelines created in all (first run, ${warmup + 1} steps): ${fewer.pipelines}`);
  }
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
