// The page on burn's CPU backend: Chromium without WebGPU, so `auto` must fall back to the CPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setup, holdWorkerNews, Playground, ROOT } from './harness.mjs';

const ctx = setup({ webgpu: false });

test('without WebGPU the page starts the CPU-only trainer and never downloads the WebGPU one', async () => {
  const fetched = [];
  const listen = (request) => fetched.push(new URL(request.url()).pathname);
  ctx.browser.on('request', listen);
  try {
    const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=copy`);
    await app.ready();
    await app.trainTo(3);
    assert.ok(fetched.some((p) => p.endsWith('/trainer_cpu_bg.wasm')), fetched.join(' '));
    assert.ok(!fetched.some((p) => p.endsWith('/trainer_bg.wasm') || p.endsWith('/trainer.js')), fetched.join(' '));
    assert.deepEqual(app.errors, []);
    await app.page.close();
  } finally {
    ctx.browser.off('request', listen);
  }
});

test('without WebGPU the badge says CPU and training makes the loss fall', async () => {
  const app = await Playground.open(ctx.browser, ctx.server.url);
  const backend = await app.backend();
  assert.match(backend.text, /CPU/);
  assert.match(backend.title, /not available|no WebGPU|navigator\.gpu/i, backend.title);
  await app.ready();

  assert.equal(await app.value('step-count'), 0);
  const initialValidationLoss = await app.value('val-loss');
  assert.ok(Number.isFinite(initialValidationLoss));

  // The lesson's example sentence is probed at once: n tokens → n×n cells.
  const tokens = await app.byId('probe-token').allTextContents();
  assert.deepEqual(tokens.map((t) => t.trim()), 'the food was bad but the service was great'.split(' '));
  let cells = await app.cells();
  assert.equal(cells.length, tokens.length ** 2);

  await app.byId('train-button').click();
  await app.waitForSteps(300);
  // The page stays responsive while the worker trains: Pause takes effect.
  assert.equal(await app.trainButtonText(), 'Pause');
  await app.byId('train-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Train');
  const pausedAt = await app.steps();
  await app.page.waitForTimeout(500);
  assert.equal(await app.steps(), pausedAt, 'training stopped after Pause');

  const trainLoss = await app.value('train-loss');
  const validationLoss = await app.value('val-loss');
  const accuracy = await app.value('val-accuracy');
  assert.ok(validationLoss < 0.7 * initialValidationLoss, `validation loss ${initialValidationLoss} → ${validationLoss}`);
  assert.ok(trainLoss < 0.8, `training loss ${trainLoss}`);
  assert.ok(accuracy > 0.6, `validation accuracy ${accuracy}`);
  const points = Number(await app.byId('loss-chart').getAttribute('data-points'));
  assert.equal(points, pausedAt, 'one chart point per step');

  // Every attention row sums to 1 and the map matches the probe.
  cells = await app.cells();
  for (let q = 0; q < tokens.length; q++) {
    const row = cells.filter((c) => c.q === q).reduce((s, c) => s + c.w, 0);
    assert.ok(Math.abs(row - 1) < 2e-3, `row ${q} sums to ${row}`);
  }

  // Step trains exactly one batch.
  await app.byId('step-button').click();
  await app.waitForSteps(pausedAt + 1);
  assert.equal(await app.steps(), pausedAt + 1);

  // The learner's own sentence: 5 tokens → a 5×5 map and a prediction.
  await app.probe('the movie was not good');
  await app.waitForProbeTokens(['the', 'movie', 'was', 'not', 'good']);
  cells = await app.cells();
  assert.equal(cells.length, 25);
  assert.deepEqual([...new Set(cells.map((c) => c.q))].sort(), [0, 1, 2, 3, 4]);
  const prediction = await app.byId('probe-prediction').getAttribute('data-value');
  assert.ok(['positive', 'negative', 'neutral'].includes(prediction), prediction);
  const shades = await app.page.$$eval('[data-testid=probe-token]', (ts) => ts.map((t) => Number(t.dataset.value)));
  assert.ok(Math.abs(shades.reduce((a, b) => a + b, 0) - 1) < 1e-2, `received attention sums to 1: ${shades}`);

  // The sentence goes into the URL, so a link reproduces what is on screen.
  assert.match(app.page.url(), /probe=the\+movie\+was\+not\+good/);

  // Keep training and read it the learner's way: "not good" is negative.
  await app.byId('train-button').click();
  await app.waitForSteps(pausedAt + 400);
  await app.byId('train-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Train');
  await app.page.waitForFunction(
    () => document.querySelector('[data-testid=probe-prediction]')?.dataset.value === 'negative',
    null,
    { timeout: 20_000 },
  );

  await mkdir(join(ROOT, 'docs'), { recursive: true });
  // The README's picture: the top of the page down to the attention map and the probe.
  const bottom = await app.byId('attention-map').evaluate((e) => e.closest('.attention-row').getBoundingClientRect().bottom + scrollY);
  await app.page.screenshot({ path: join(ROOT, 'docs', 'screenshot.png'), fullPage: true, clip: { x: 0, y: 0, width: 1360, height: Math.ceil(bottom) + 16 } });
  assert.deepEqual(app.errors, []);
});

test('layer and head selectors switch the map; Reset starts again from step 0', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?n_layers=2&n_heads=4&d_model=32&backend=cpu`);
  await app.ready();
  assert.equal((await app.byId('layer-select').locator('option').count()), 2);
  assert.equal((await app.byId('head-select').locator('option').count()), 4);
  const first = await app.cells();
  await app.byId('head-select').selectOption('3');
  await app.page.waitForFunction(
    (before) => JSON.stringify([...document.querySelectorAll('[data-testid=attention-cell]')].map((c) => c.dataset.value)) !== before,
    JSON.stringify(first.map((c) => c.w.toFixed(4))),
  );
  await app.byId('step-button').click();
  await app.waitForSteps(1);

  // Text without a single word cannot be read; the page says so and keeps the last reading.
  await app.probe('!!! ???');
  await app.byId('probe-error').waitFor();
  assert.equal(await app.byId('probe-token').count(), 9);
  await app.probe('the film was great');
  await app.waitForProbeTokens(['the', 'film', 'was', 'great']);
  assert.equal(await app.byId('probe-error').count(), 0);

  await app.byId('reset-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.dataset.value === '0');
  assert.deepEqual(app.errors, []);
});

test('Chinese: character tokens, and the same seed gives the same curve', async () => {
  const url = `${ctx.server.url}?lang=zh&backend=cpu&seed=7`;
  const run = async () => {
    const app = await Playground.open(ctx.browser, url);
    await app.ready();
    await app.waitForProbeTokens(['菜', '很', '差', '但', '是', '服', '务', '很', '好']);
    for (let i = 0; i < 3; i++) {
      const before = await app.steps();
      await app.byId('step-button').click();
      await app.waitForSteps(before + 1);
    }
    const loss = await app.value('train-loss');
    assert.deepEqual(app.errors, []);
    await app.page.close();
    return loss;
  };
  const a = await run();
  const b = await run();
  assert.ok(Number.isFinite(a));
  assert.equal(a, b);
});

test('?backend=webgpu without WebGPU falls back to the CPU backend and says why', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=webgpu`);
  const backend = await app.backend();
  assert.match(backend.text, /CPU/);
  assert.match(backend.title, /WebGPU is not available .*using the CPU backend instead/, backend.title);
  await app.ready();
  await app.byId('step-button').click();
  await app.waitForSteps(1);
  assert.ok(Number.isFinite(await app.value('train-loss')));
  assert.deepEqual(app.errors, []);
});

test('a change of backend while a model file loads takes the model along', async () => {
  const url = `${ctx.server.url}?backend=cpu&lesson=copy&n_layers=1&seed=3`;
  const { bytes, trained, validationLoss } = await Playground.trainedModelFile(ctx.browser, url, 6);

  // A fresh model in another tab; the file picked, and `auto` chosen while it loads.
  const app = await Playground.open(ctx.browser, url, { init: [holdWorkerNews] });
  await app.ready();
  assert.equal(await app.steps(), 0);
  await app.loadModelSwitchingBackend('trained.attn', bytes, 'auto');
  await app.page.waitForFunction(() => /^Loaded trained\.attn/.test(document.querySelector('[data-testid=model-status]')?.textContent ?? ''));
  await app.settled();
  await app.page.waitForFunction((v) => document.querySelector('[data-testid=val-loss]')?.dataset.value === v, validationLoss.toFixed(4));
  assert.equal(await app.steps(), trained, 'the loaded model, not a fresh one');
  assert.equal(await app.byId('backend-select').inputValue(), 'auto', 'the learner’s choice of backend stays');
  assert.match(app.page.url(), /backend=auto/);
  await app.byId('step-button').click();
  await app.waitForSteps(trained + 1);
  assert.deepEqual(app.errors, []);
});

test('a malformed link is repaired and says what it changed', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?n_heads=abc&lr=1e9&colour=red&backend=cpu`);
  await app.ready();
  const notice = await app.byId('config-notices').textContent();
  assert.match(notice, /n_heads/);
  assert.match(notice, /lr/);
  assert.match(notice, /colour/);
  assert.equal(await app.byId('lr-input').inputValue(), '1000000');
  assert.deepEqual(app.errors, []);
});

test('what a link changed is said in the page’s language', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?lang=zh&colour=red&lr=1e9&backend=cpu`);
  const notice = await app.byId('url-notice').textContent();
  assert.match(notice, /忽略了未知的设置“colour”/);
  assert.match(notice, /lr：1000000000 超出范围，改用 1000000/);
  assert.deepEqual(app.errors, []);
});
