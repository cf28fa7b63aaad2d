// The benchmark scripts on a machine with a GPU: our WebGPU runs start Chromium with the peers'
// driver's flags (so where there is a GPU both sides use it), take the spec's steps unless the
// adapter is a software one, and the table compares a GPU run only with a peer's run on the same
// adapter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PEER_FLAGS, ROOT, serve, launch } from './harness.mjs';
import { webgpuAdapter, webgpuSteps } from '../../bench/adapter.mjs';

test("the benchmark's browser has exactly the flags of the peers' TF.js driver", async () => {
  const driver = await readFile(join(ROOT, 'bench/peers/tfjs/run_tfjs.js'), 'utf8');
  const literal = driver.match(/const args = \[([^\]]*)\]/);
  assert.ok(literal, "the peers' driver no longer lists its flags as `const args = [...]`");
  const theirs = [...literal[1].matchAll(/'([^']*)'/g)].map((m) => m[1]);
  assert.deepEqual(PEER_FLAGS, theirs);
  assert.ok(!PEER_FLAGS.includes('--disable-gpu'), 'a flag that keeps a real GPU out');
});

/** The target rows of bench/summarize.py's table for these JSON lines. */
async function targets(lines, row = /^\| Browser, WebGPU/) {
  const dir = await mkdtemp(join(tmpdir(), 'ap-summarize-'));
  const file = join(dir, 'results.jsonl');
  await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  const table = execFileSync('python3', [join(ROOT, 'bench/summarize.py'), file], { encoding: 'utf8' });
  return table.split('\n').filter((line) => row.test(line));
}

const ours = (steps, adapter) => ({
  peer: 'attention-playground',
  model: 'tiny',
  backend: 'browser-webgpu',
  threads: 1,
  ok: true,
  steps_per_s: steps,
  final_loss: 0.02,
  warmup: 20,
  steps: 200,
  adapter: `WebGPU — you chose WebGPU — adapter: ${adapter}`,
});
const peer = (steps, adapter) => ({
  peer: 'tfjs',
  model: 'tiny',
  backend: 'webgpu',
  ok: true,
  backend_info: { adapter },
  steps_per_s: steps,
  final_loss: 0.01,
  warmup: 20,
  steps: 200,
});

test('a WebGPU ratio is given where both ran on the same adapter', async () => {
  const [row] = await targets([
    ours(9, 'google swiftshader (software fallback adapter)'),
    peer(1.5, 'google / swiftshader'),
  ]);
  assert.match(row, /\*\*6\.00×\*\* met/);
});

test("a CPU run's badge naming the browser's adapter does not make it a GPU run", async () => {
  const cpu = { ...ours(150, 'x'), backend: 'browser-cpu', adapter: 'CPU — you chose the CPU — adapter: google swiftshader' };
  const [row] = await targets([cpu], /^\| attention-playground \| browser-cpu \|/);
  assert.ok(row, 'no row for the CPU run');
  assert.doesNotMatch(row, /swiftshader/);
});

test('a WebGPU ratio is refused where the two ran on different adapters', async () => {
  const [row] = await targets([
    ours(9, 'google swiftshader (software fallback adapter)'),
    peer(40, 'nvidia / hopper / NVIDIA H100'),
  ]);
  assert.doesNotMatch(row, /×\*\*/);
  assert.match(row, /not comparable: ours on google swiftshader .*, the peer on nvidia \/ hopper/);
});

test("WebGPU runs take the spec's steps on a GPU and 2 + 10 on a software adapter", () => {
  const spec = { warmup: 20, steps: 200 };
  assert.deepEqual(webgpuSteps({ fallback: false, name: 'nvidia hopper' }, spec), { warmup: 20, steps: 200 });
  assert.deepEqual(webgpuSteps({ fallback: true, name: 'google swiftshader' }, spec), { warmup: 2, steps: 10 });
  assert.deepEqual(webgpuSteps(null, spec), { warmup: 2, steps: 10 });
  const given = { ...spec, webgpuWarmup: 1, webgpuSteps: 3 };
  assert.deepEqual(webgpuSteps({ fallback: false, name: 'nvidia hopper' }, given), { warmup: 1, steps: 3 });
  assert.deepEqual(webgpuSteps({ fallback: true, name: 'google swiftshader' }, given), { warmup: 1, steps: 3 });
});

test("the adapter probe sees this browser's WebGPU adapter, and none without WebGPU", async () => {
  const server = await serve();
  try {
    for (const [webgpu, expected] of [['system', true], [false, false]]) {
      const browser = await launch({ webgpu });
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}adapter-probe`);
        const adapter = await webgpuAdapter(page);
        assert.equal(adapter !== null, expected, JSON.stringify(adapter));
        if (adapter) assert.ok(adapter.name.length > 0);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
});
