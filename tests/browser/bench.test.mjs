// Benchmark mode: `?bench=<workload>` trains the peer benchmark's workload in the worker (20
// warm-up and 200 timed steps) and reports steps per second, the final loss and the longest task
// that blocked the page. A smoke run of each path; the speeds are not asserted (see BENCHMARKS.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './harness.mjs';

const ctx = setup({ webgpu: true });

async function bench(query, timeout) {
  const page = await ctx.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${ctx.server.url}?${query}`);
  const result = page.getByTestId('bench-result');
  await result.waitFor({ timeout });
  const read = async (name) => Number(await result.getAttribute(name));
  const out = {
    stepsPerSecond: await read('data-value'),
    loss: await read('data-loss'),
    longestTask: await read('data-longest-task-ms'),
    backend: await page.getByTestId('backend').textContent(),
    errors,
  };
  await page.close();
  return out;
}

for (const [workload, timeout] of [['bench-tiny', 120_000], ['bench-small', 300_000]]) {
  test(`?bench=${workload}&backend=cpu trains the workload on the CPU path and reports it`, async () => {
    const r = await bench(`bench=${workload}&backend=cpu`, timeout);
    assert.match(r.backend, /CPU/);
    assert.ok(r.stepsPerSecond > 0, `steps/s ${r.stepsPerSecond}`);
    assert.ok(r.loss < 0.3, `after 220 steps the loss is ${r.loss} (a constant guess: ~0.65)`);
    assert.ok(Number.isFinite(r.longestTask) && r.longestTask >= 0);
    assert.deepEqual(r.errors, []);
  });
}

// SwiftShader runs WebGPU on the CPU, slowly: a shortened run (1 + 4 steps) checks the path.
// Both paths start from the same seeded model and batches, so after the same steps they agree
// on the loss up to rounding: WebGPU's kernels of our own (Adam's update) compute what the CPU
// path's loops compute. The loss moves by about 0.03 from one step to the next here.
test("?bench=bench-tiny&backend=webgpu runs the workload on WebGPU and ends at the CPU path's loss", async () => {
  const query = 'bench=bench-tiny&bench_warmup=1&bench_steps=4';
  const r = await bench(`${query}&backend=webgpu`, 300_000);
  assert.match(r.backend, /WebGPU/);
  assert.ok(r.stepsPerSecond > 0);
  assert.ok(r.loss > 0 && r.loss < 1, `loss ${r.loss} after 5 steps (a constant guess: ~0.65)`);
  assert.deepEqual(r.errors, []);
  const cpu = await bench(`${query}&backend=cpu`, 120_000);
  assert.match(cpu.backend, /CPU/);
  assert.ok(Math.abs(r.loss - cpu.loss) < 5e-4, `after 5 steps: ${r.loss} on WebGPU, ${cpu.loss} on the CPU`);
});
