// Nothing lost (CPU backend): a model saved as a file loads back with the same answers; a damaged,
// cut or foreign file is refused with the model in use untouched; a reload brings back the model
// kept in the browser; "start fresh" forgets it; after a first visit the site works offline and
// never asks anything of another site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });

const status = async (app) => {
  const line = app.byId('model-status');
  await line.waitFor();
  return { text: (await line.textContent()).trim(), problem: (await line.getAttribute('data-problem')) === 'true' };
};

test('a saved model file loads back with the same answers; bad files are refused and change nothing', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lesson=sentiment&seed=5`);
  await app.ready();
  const saved = await app.trainTo(40);
  const answer = await app.prediction();
  const validationLoss = await app.value('val-loss');

  const { name, bytes } = await app.saveModel();
  assert.equal(name, `sentiment-step-${saved}.attn`);
  assert.equal(bytes.subarray(0, 8).toString('latin1'), 'ATTNPLAY');
  assert.match((await status(app)).text, /Saved sentiment-step-/);

  // Start over, then load the file: the step, the answers and the curve come back.
  await app.byId('reset-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=step-count]').dataset.value === '0');
  await app.byId('load-model').setInputFiles({ name: 'mine.attn', mimeType: 'application/octet-stream', buffer: bytes });
  await app.page.waitForFunction((s) => document.querySelector('[data-testid=step-count]').dataset.value === String(s), saved);
  await app.settled();
  assert.match((await status(app)).text, new RegExp(`Loaded mine\\.attn \\(step ${saved}\\)`));
  await app.page.waitForFunction((v) => document.querySelector('[data-testid=val-loss]')?.dataset.value === v, validationLoss.toFixed(4));
  await app.page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll('[data-testid=probe-probability]')].map((b) => b.dataset.value)) === want,
    JSON.stringify(answer.probabilities),
  );
  assert.deepEqual(await app.prediction(), answer);
  assert.equal(Number(await app.byId('loss-chart').getAttribute('data-points')), saved, 'the loss curve came back');

  // It trains on from there.
  await app.byId('step-button').click();
  await app.waitForSteps(saved + 1);
  await app.settled();

  // Damaged, cut and foreign files: a clear message, and the model in use stays as it is.
  const now = await app.steps();
  const before = await app.prediction();
  const damaged = Buffer.from(bytes);
  damaged[Math.floor(damaged.length * 0.75)] ^= 0x40;
  const bad = [
    [damaged, /damaged/],
    [bytes.subarray(0, Math.floor(bytes.length / 2)), /cut short/],
    [Buffer.from('step,loss\n1,0.5\n'), /not a model file/],
  ];
  for (const [buffer, message] of bad) {
    await app.byId('load-model').setInputFiles({ name: 'bad.attn', mimeType: 'application/octet-stream', buffer });
    await app.page.waitForFunction((m) => new RegExp(m).test(document.querySelector('[data-testid=model-status]')?.textContent ?? ''), message.source);
    const line = await status(app);
    assert.ok(line.problem, line.text);
    assert.match(line.text, /Nothing was changed/);
    assert.equal(await app.steps(), now);
    assert.deepEqual(await app.prediction(), before);
  }
  assert.deepEqual(app.errors, []);
});

test('a reload brings back the trained model, its answers and its curve; start fresh forgets it', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lesson=sentiment&seed=11`);
  await app.ready();
  const trained = await app.trainTo(30);
  await app.page.waitForFunction((s) => document.querySelector('[data-testid=model-kept]')?.dataset.step === String(s), trained, { timeout: 30_000 });
  await app.page.waitForFunction(() => document.querySelector('[data-testid=probe-probability]'));
  const answer = await app.prediction();
  const validationLoss = await app.value('val-loss');

  await app.page.reload();
  await app.byId('train-button').waitFor();
  await app.page.waitForFunction((s) => document.querySelector('[data-testid=step-count]').dataset.value === String(s), trained);
  await app.settled();
  assert.match((await status(app)).text, new RegExp(`back as you left it \\(step ${trained}\\)`));
  await app.page.waitForFunction((v) => document.querySelector('[data-testid=val-loss]')?.dataset.value === v, validationLoss.toFixed(4));
  await app.page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll('[data-testid=probe-probability]')].map((b) => b.dataset.value)) === want,
    JSON.stringify(answer.probabilities),
  );
  assert.deepEqual(await app.prediction(), answer, 'same probe prediction after the reload');
  assert.equal(Number(await app.byId('loss-chart').getAttribute('data-points')), trained);

  // Start fresh: an untrained model, and a reload keeps it untrained.
  await app.byId('start-fresh').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=step-count]').dataset.value === '0');
  assert.match((await status(app)).text, /Started fresh/);
  await app.page.waitForFunction(() => document.querySelector('[data-testid=model-kept]')?.dataset.step === '0', null, { timeout: 30_000 });
  await app.page.reload();
  await app.ready();
  assert.equal(await app.steps(), 0);
  assert.deepEqual(app.errors, []);
});

test('after the first visit the site works offline, and it never fetches from another site', async () => {
  const origin = new URL(ctx.server.url).origin;
  const requests = [];
  const listen = (request) => requests.push(request.url());
  ctx.browser.on('request', listen);
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lesson=copy`);
  await app.ready();
  // The service worker has kept the page's files and the training worker's.
  await app.page.waitForFunction(
    async () => {
      const cache = await caches.open('attention-playground-v1');
      const kept = (await cache.keys()).map((r) => r.url);
      // Without WebGPU the page uses the CPU-only trainer, and only that one is kept.
      return kept.some((u) => u.endsWith('/trainer_cpu_bg.wasm')) && kept.filter((u) => u.endsWith('.wasm')).length === 2;
    },
    null,
    { timeout: 60_000 },
  );

  await ctx.browser.setOffline(true);
  try {
    await app.page.reload();
    await app.ready();
    await app.trainTo(5);
    assert.ok((await app.steps()) >= 5, 'trains while offline');
  } finally {
    await ctx.browser.setOffline(false);
    ctx.browser.off('request', listen);
  }
  const elsewhere = requests.filter((url) => !url.startsWith(origin) && !/^(blob|data):/.test(url));
  assert.deepEqual(elsewhere, [], 'every request stays on the site');
  assert.ok(requests.length > 3, `requests were seen (${requests.length})`);
  assert.deepEqual(app.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
});
