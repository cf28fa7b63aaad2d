// The page on burn's wgpu backend: Chromium with WebGPU (SwiftShader, a software adapter, here).
// SwiftShader is slow, so these tests train a handful of steps only. A model file saved on the CPU
// backend loads here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, launch, holdWorkerNews, Playground } from './harness.mjs';

const ctx = setup({ webgpu: true });

test('?backend=webgpu trains on WebGPU', async () => {
  // A browser with an adapter gets the trainer with WebGPU, not the CPU-only one.
  const fetched = [];
  const listen = (request) => fetched.push(new URL(request.url()).pathname);
  ctx.browser.on('request', listen);
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=webgpu&n_layers=1&eval_every=5`);
  const backend = await app.backend();
  ctx.browser.off('request', listen);
  assert.match(backend.text, /WebGPU/, backend.title);
  assert.ok(fetched.some((p) => p.endsWith('/trainer_bg.wasm')), fetched.join(' '));
  assert.ok(!fetched.some((p) => p.includes('/trainer_cpu')), fetched.join(' '));
  await app.ready(300_000);
  const initialValidationLoss = await app.value('val-loss');
  await app.byId('train-button').click();
  await app.waitForSteps(10, 300_000);
  await app.byId('train-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Train');
  await app.waitForValidationAfter(5, 300_000);
  const trainLoss = await app.value('train-loss');
  const validationLoss = await app.value('val-loss');
  assert.ok(Number.isFinite(trainLoss) && Number.isFinite(validationLoss));
  assert.ok(validationLoss < initialValidationLoss, `validation loss ${initialValidationLoss} → ${validationLoss}`);
  const tokens = await app.byId('probe-token').count();
  assert.equal((await app.cells()).length, tokens * tokens);

  // The inside views read the same stages from the GPU: the formula's matrices, the embedding
  // map and the saliency.
  const count = (id, cell = '[data-value][data-row]') => app.page.locator(`[data-testid=${id}] ${cell}`).count();
  assert.equal(await count('matrix-q'), tokens * 16);
  assert.equal(await count('matrix-weights'), tokens * tokens);
  assert.equal(await count('matrix-output'), tokens * 16);
  const weights = await app.page.$$eval('[data-testid=matrix-weights] [data-row]', (cs) => cs.map((c) => Number(c.dataset.value)));
  assert.ok(Math.abs(weights.slice(0, tokens).reduce((a, b) => a + b, 0) - 1) < 2e-3);
  assert.equal(await app.byId('saliency-token').count(), tokens);
  assert.ok((await app.byId('embedding-point').count()) >= 20);
  assert.ok(Number(await app.byId('timeline').getAttribute('data-count')) >= 2);
  assert.deepEqual(app.errors, []);
});

test('the page asks for the high-performance adapter, the one burn trains on', async () => {
  // burn's wgpu runtime asks for the high-performance adapter; the page's request (and the
  // worker's, the same function) must ask for the same, or a laptop's badge names the other GPU.
  const record = () => {
    const asked = (window.apAdapterRequests = []);
    const request = GPU.prototype.requestAdapter;
    GPU.prototype.requestAdapter = function (options) {
      asked.push(options?.powerPreference ?? 'none');
      return request.call(this, options);
    };
  };
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=webgpu&n_layers=1`, { init: [record] });
  assert.match((await app.backend()).text, /WebGPU/);
  const asked = await app.page.evaluate(() => window.apAdapterRequests);
  assert.ok(asked.length >= 1, 'the page asked for no adapter');
  assert.deepEqual([...new Set(asked)], ['high-performance']);
  assert.deepEqual(app.errors, []);
});

test('?backend=cpu starts the CPU-only trainer where WebGPU is offered; choosing WebGPU starts the other', async () => {
  const fetched = [];
  const listen = (request) => fetched.push(new URL(request.url()).pathname);
  ctx.browser.on('request', listen);
  try {
    const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lesson=copy&n_layers=1`);
    // Every worker the page starts, and whether it has closed.
    // (gloo starts each from a small blob script; the build shows in what the worker fetched.)
    const workers = [];
    const track = (worker) => {
      const entry = { worker, closed: false };
      worker.on('close', () => (entry.closed = true));
      workers.push(entry);
    };
    app.page.workers().forEach(track);
    app.page.on('worker', track);
    const running = () => workers.filter((w) => !w.closed);
    const build = async ({ worker }) => {
      const names = await worker.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      return names.map((n) => new URL(n).pathname.split('/').pop()).find((n) => n.endsWith('_bg.wasm'));
    };
    const settle = async () => {
      for (let i = 0; i < 100 && running().length > 1; i++) await app.page.waitForTimeout(100);
      assert.equal(running().length, 1, `workers running: ${running().length}`);
      return build(running()[0]);
    };
    await app.ready();
    await app.trainTo(2);
    assert.match((await app.backend()).text, /CPU/);
    assert.equal(await settle(), 'trainer_cpu_bg.wasm');
    assert.ok(fetched.some((p) => p.endsWith('/trainer_cpu_bg.wasm')), fetched.join(' '));
    assert.ok(!fetched.some((p) => p.endsWith('/trainer_bg.wasm') || p.endsWith('/trainer.js')), fetched.join(' '));

    // The learner picks WebGPU: the page lets the CPU-only worker go and starts the other build,
    // on a fresh model (a change of backend starts one anyway).
    await app.byId('backend-select').selectOption('webgpu');
    await app.page.waitForFunction(
      () => /WebGPU/.test(document.querySelector('[data-testid=backend]')?.textContent ?? ''),
      null,
      { timeout: 300_000 },
    );
    assert.ok(fetched.some((p) => p.endsWith('/trainer_bg.wasm')), fetched.join(' '));
    // The CPU-only worker has closed; the one with WebGPU runs.
    assert.equal(await settle(), 'trainer_bg.wasm');
    assert.equal(workers.length, 2);
    const fresh = () => document.querySelector('[data-testid=step-count]')?.getAttribute('data-value') === '0';
    await app.page.waitForFunction(fresh, null, { timeout: 300_000 });
    await app.ready(300_000);
    await app.byId('step-button').click();
    await app.waitForSteps(1, 300_000);

    // And back to the CPU: the CPU-only build again, and it trains.
    await app.byId('backend-select').selectOption('cpu');
    await app.page.waitForFunction(
      () => /CPU/.test(document.querySelector('[data-testid=backend]')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    await app.page.waitForFunction(fresh);
    await app.ready();
    await app.trainTo(2);
    assert.equal(await settle(), 'trainer_cpu_bg.wasm');
    assert.equal(workers.length, 3);
    assert.deepEqual(app.errors, []);
    await app.page.close();
  } finally {
    ctx.browser.off('request', listen);
  }
});

test('offline, a page asking for WebGPU whose worker no visit kept starts the CPU-only one', async () => {
  // A browser of its own: nothing of the tests above is in its caches.
  const browser = await launch({ webgpu: true });
  try {
    const app = await Playground.open(browser, `${ctx.server.url}?backend=cpu&lesson=copy`);
    await app.ready();
    const kept = () =>
      app.page.evaluate(async () => {
        const cache = await caches.open('attention-playground-v1');
        return (await cache.keys()).map((r) => new URL(r.url).pathname.split('/').pop());
      });
    await app.page.waitForFunction(
      async () => (await (await caches.open('attention-playground-v1')).keys()).some((r) => r.url.endsWith('/trainer_cpu_bg.wasm')),
      null,
      { timeout: 60_000 },
    );
    assert.ok(!(await kept()).includes('trainer_bg.wasm'), (await kept()).join(' '));

    await browser.setOffline(true);
    await app.page.goto(`${ctx.server.url}?backend=webgpu&lesson=copy`);
    await app.ready();
    const backend = await app.backend();
    assert.match(backend.text, /CPU/, backend.title);
    await app.trainTo(3);
    // The browser logs the page's failed look for the WebGPU worker (the point of this test).
    assert.deepEqual(app.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource: net::ERR_FAILED/.test(e)), []);
  } finally {
    await browser.setOffline(false);
    await browser.close();
  }
});

test('auto measures both backends and says which is faster', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=auto&n_layers=1`);
  const backend = await app.backend(300_000);
  assert.match(backend.title, /measured .* ms per step on WebGPU .* ms on the CPU backend/, backend.title);
  assert.match(backend.title, /software fallback adapter/i, backend.title);
  await app.ready(300_000);
  assert.deepEqual(app.errors, []);
});

test('on WebGPU: a causal model with its baseline steps, and the language model writes', async () => {
  const app = await Playground.open(
    ctx.browser,
    `${ctx.server.url}?lesson=charlm&backend=webgpu&n_layers=1&d_model=16&n_heads=2&baseline=true&sample_len=4`,
  );
  const backend = await app.backend();
  assert.match(backend.text, /WebGPU/, backend.title);
  await app.ready(300_000);
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid=sample-token]').length === 4, null, { timeout: 300_000 });
  await app.byId('step-button').click();
  await app.waitForSteps(1, 300_000);
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid=loss-chart] .baseline circle').length >= 2, null, { timeout: 300_000 });
  const weights = await app.page.$$eval('[data-testid=attention-cell]', (cs) =>
    cs.map((c) => [Number(c.dataset.q), Number(c.dataset.k), Number(c.dataset.value)]),
  );
  assert.ok(weights.length > 0 && weights.filter(([q, k]) => k > q).every(([, , v]) => v === 0), 'causal on the GPU');
  assert.deepEqual(app.errors, []);
});

test('on WebGPU: the translator decodes and steps beside its pooled variant, and the vision transformer reads a picture', async () => {
  const translate = await Playground.open(
    ctx.browser,
    `${ctx.server.url}?lesson=translate&backend=webgpu&n_layers=1&d_model=16&n_heads=2&d_ff=32&baseline=true`,
  );
  assert.match((await translate.backend()).text, /WebGPU/);
  await translate.ready(300_000);
  // Greedy decoding read back from the GPU one character at a time: ten of them.
  await translate.page.waitForFunction(() => document.querySelectorAll('[data-testid=translation-char]').length === 10, null, { timeout: 300_000 });
  assert.equal(await translate.byId('cross-cell').count(), 70);
  await translate.byId('step-button').click();
  await translate.waitForSteps(1, 300_000);
  assert.ok(Number.isFinite(await translate.value('train-loss')));
  assert.deepEqual(translate.errors, []);
  await translate.page.close();

  const patches = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=patches&backend=webgpu&n_layers=1&d_model=16&n_heads=2&d_ff=32`);
  assert.match((await patches.backend()).text, /WebGPU/);
  await patches.ready(300_000);
  assert.equal((await patches.cells()).length, 17 * 17);
  const shading = await patches.page.$$eval('[data-testid=patch-attention]', (ps) => ps.map((p) => Number(p.dataset.value)));
  const total = shading.reduce((a, b) => a + b, 0);
  assert.ok(total > 0 && total <= 1.0001, `class token's attention on the patches ${total}`);
  await patches.byId('step-button').click();
  await patches.waitForSteps(1, 300_000);
  assert.ok(Number.isFinite(await patches.value('train-loss')));
  assert.deepEqual(patches.errors, []);
});

test('a model file saved on the CPU backend loads on WebGPU, answers the same and trains on', async () => {
  const cpu = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lesson=sentiment&seed=5`);
  await cpu.ready();
  const saved = await cpu.trainTo(20);
  const answer = await cpu.prediction();
  const validationLoss = await cpu.value('val-loss');
  const { bytes } = await cpu.saveModel();
  await cpu.page.close();

  const gpu = await Playground.open(ctx.browser, `${ctx.server.url}?backend=webgpu&lesson=sentiment&seed=5`);
  await gpu.ready(180_000);
  await gpu.byId('load-model').setInputFiles({ name: 'cpu.attn', mimeType: 'application/octet-stream', buffer: bytes });
  await gpu.page.waitForFunction((s) => document.querySelector('[data-testid=step-count]').dataset.value === String(s), saved, { timeout: 120_000 });
  await gpu.settled(180_000);
  assert.match((await gpu.backend()).text, /WebGPU/);
  const loaded = await gpu.prediction();
  assert.equal(loaded.label, answer.label);
  loaded.probabilities.forEach((p, i) => assert.ok(Math.abs(Number(p) - Number(answer.probabilities[i])) < 2e-3, `${p} vs ${answer.probabilities[i]}`));
  assert.ok(Math.abs((await gpu.value('val-loss')) - validationLoss) < 2e-3);
  await gpu.byId('step-button').click();
  await gpu.waitForSteps(saved + 1, 180_000);
  assert.deepEqual(gpu.errors, []);
});

test('WebGPU chosen while a model file loads on the CPU-only trainer: the build with WebGPU loads it', async () => {
  const url = `${ctx.server.url}?backend=cpu&lesson=copy&n_layers=1&seed=4`;
  const { bytes, trained } = await Playground.trainedModelFile(ctx.browser, url, 4);

  const app = await Playground.open(ctx.browser, url, { init: [holdWorkerNews] });
  await app.ready();
  assert.equal(await app.steps(), 0);
  await app.loadModelSwitchingBackend('trained.attn', bytes, 'webgpu');
  await app.page.waitForFunction(
    () => /^Loaded trained\.attn/.test(document.querySelector('[data-testid=model-status]')?.textContent ?? ''),
    null,
    { timeout: 300_000 },
  );
  assert.match((await app.backend()).text, /WebGPU/);
  assert.equal(await app.steps(), trained, 'the loaded model, not a fresh one');
  assert.equal(await app.byId('backend-select').inputValue(), 'webgpu');
  await app.settled(300_000);
  await app.byId('step-button').click();
  await app.waitForSteps(trained + 1, 300_000);
  assert.deepEqual(app.errors, []);
});

test('the GPU lost mid-run: training carries on on the CPU from the model kept in the browser', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=webgpu&lesson=sentiment&n_layers=1&d_model=8&d_ff=16&eval_every=100`);
  assert.match((await app.backend()).text, /WebGPU/);
  await app.ready(300_000);
  const trained = await app.trainTo(3);
  await app.page.waitForFunction((s) => document.querySelector('[data-testid=model-kept]')?.dataset.step === String(s), trained, { timeout: 120_000 });

  // Destroy the worker's GPU device at its next command encoder, then take a step.
  const [worker] = app.page.workers();
  await worker.evaluate(() => {
    const create = GPUDevice.prototype.createCommandEncoder;
    GPUDevice.prototype.createCommandEncoder = function (...args) {
      GPUDevice.prototype.createCommandEncoder = create;
      this.destroy();
      return create.apply(this, args);
    };
  });
  await app.byId('step-button').click();

  const notice = app.page.locator('[data-testid=notice][data-kind=recovered]');
  await notice.waitFor({ timeout: 120_000 });
  assert.match(await notice.textContent(), new RegExp(`GPU stopped working.*moved to the CPU\\. The model carries on from the copy kept in this browser at step ${trained}`));
  const details = await app.byId('error-details').textContent();
  assert.match(details, /device/i, 'what went wrong, to copy');
  await app.page.waitForFunction(() => /CPU/.test(document.querySelector('[data-testid=backend]')?.textContent ?? ''), null, { timeout: 60_000 });
  assert.equal(await app.byId('backend-select').inputValue(), 'cpu');
  await app.page.waitForFunction((s) => document.querySelector('[data-testid=step-count]').dataset.value === String(s), trained, { timeout: 60_000 });

  // It trains on, on the CPU.
  await app.byId('step-button').click();
  await app.waitForSteps(trained + 1);
  assert.ok(Number.isFinite(await app.value('train-loss')));
});
