// The benchmark's fairness, checked without a browser: our WebGPU runs start Chromium with the
// peers' driver's flags (so on a machine with a GPU both sides use it), and the table compares a
// GPU run only with a peer's run on the same adapter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PEER_FLAGS, ROOT } from './harness.mjs';

test("the benchmark's browser has exactly the flags of the peers' TF.js driver", async () => {
  const driver = await readFile(join(ROOT, 'bench/peers/tfjs/run_tfjs.js'), 'utf8');
  const literal = driver.match(/const args = \[([^\]]*)\]/);
  assert.ok(literal, "the peers' driver no longer lists its flags as `const args = [...]`");
  const theirs = [...literal[1].matchAll(/'([^']*)'/g)].map((m) => m[1]);
  assert.deepEqual(PEER_FLAGS, theirs);
  assert.ok(!PEER_FLAGS.includes('--disable-gpu'), 'a flag that keeps a real GPU out');
});

/** The target rows of bench/summarize.py's table for these JSON lines. */
async function targets(lines) {
  const dir = await mkdtemp(join(tmpdir(), 'ap-summarize-'));
  const file = join(dir, 'results.jsonl');
  await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  const table = execFileSync('python3', [join(ROOT, 'bench/summarize.py'), file], { encoding: 'utf8' });
  return table.split('\n').filter((row) => row.startsWith('| Browser, WebGPU'));
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

test('a WebGPU ratio is refused where the two ran on different adapters', async () => {
  const [row] = await targets([
    ours(9, 'google swiftshader (software fallback adapter)'),
    peer(40, 'nvidia / hopper / NVIDIA H100'),
  ]);
  assert.doesNotMatch(row, /×\*\*/);
  assert.match(row, /not comparable: ours on google swiftshader .*, the peer on nvidia \/ hopper/);
});
