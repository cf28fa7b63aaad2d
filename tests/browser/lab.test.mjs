// The training lab in the page (CPU backend): the split, the speed readout, early stopping,
// the answers behind a confusion cell, compared runs with a sweep, and the exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });

const idle = (app) =>
  app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Train', null, {
    timeout: 180_000,
  });

const splitCounts = async (app) => {
  const text = (await app.byId('split-counts').textContent()).replace(/,/g, '');
  return (text.match(/\d+/g) ?? []).map(Number);
};

async function download(app, click) {
  const [file] = await Promise.all([app.page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

test('the split, the speed readout and early stopping', async () => {
  const app = await Playground.open(
    ctx.browser,
    `${ctx.server.url}?backend=cpu&split_train=60&split_val=20&early_stop=true&patience=2&eval_every=5&lr=0.1`,
  );
  await app.ready();
  assert.equal(Number(await app.byId('split-train').inputValue()), 60);
  assert.equal(Number(await app.byId('split-val').inputValue()), 20);
  assert.equal(await app.value('split-test'), 20);
  const [train, validation, test] = await splitCounts(app);
  const total = train + validation + test;
  assert.equal(train, Math.floor(total * 0.6));
  assert.equal(validation, Math.floor(total * 0.2));
  // The test set keeps at least 5 %: more training takes from validation.
  await app.byId('split-train').fill('85');
  await app.byId('split-train').dispatchEvent('change');
  await app.page.waitForFunction(() => /split_train=85/.test(location.search));
  assert.equal(Number(await app.byId('split-val').inputValue()), 10);
  assert.equal(await app.value('split-test'), 5);
  await app.page.waitForFunction((total) => {
    const n = (document.querySelector('[data-testid=split-counts]').textContent.replace(/,/g, '').match(/\d+/g) ?? []).map(Number);
    return n[0] === Math.floor(total * 0.85) && n[0] + n[1] + n[2] === total;
  }, total);

  // A learning rate of 0.1 (Adam) spoils the model: the validation loss stops improving,
  // training stops by itself and the best model comes back. (A rate of 1 now makes the loss
  // explode, which the divergence guard catches first.)
  await app.byId('train-button').click();
  await app.page.waitForSelector('[data-testid=early-stop-status][data-restored]', { timeout: 180_000 });
  await idle(app);
  const status = await app.byId('early-stop-status').textContent();
  assert.match(status, /Stopped early at step \d+/);
  const best = Number(await app.byId('early-stop-status').getAttribute('data-restored'));
  const stoppedAt = await app.steps();
  assert.ok(best < stoppedAt, `best step ${best}, stopped at ${stoppedAt}`);
  // The readout shows the restored model; with patience 2 the stop comes 2 evaluations after it.
  assert.ok(stoppedAt <= best + 2 * 5 + 5, `${stoppedAt} steps`);

  // Speed: steps and examples per second, and the time of each phase.
  const speed = await app.value('speed');
  const examples = await app.value('examples-per-second');
  assert.ok(speed > 0, `speed ${speed}`);
  assert.ok(Math.abs(examples / speed - 32) < 32 * 0.2, `${examples} examples/s at ${speed} steps/s, batch 32`);
  const phases = await app.page.$$eval('[data-testid=phase-time]', (bars) =>
    Object.fromEntries(bars.map((b) => [b.dataset.phase, Number(b.dataset.value)])),
  );
  assert.deepEqual(Object.keys(phases).sort(), ['backward', 'forward', 'optimizer', 'read']);
  assert.ok(phases.forward > 0 && phases.backward > 0, JSON.stringify(phases));
  assert.deepEqual(app.errors, []);
});

test('a confusion cell lists its validation answers', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&eval_every=10`);
  await app.ready();
  await app.byId('train-button').click();
  await app.waitForSteps(30);
  await app.byId('train-button').click();
  await idle(app);
  const cell = app.page.locator('[data-testid=confusion-cell][data-value]:not([data-value="0"])').first();
  const [truth, predicted] = [await cell.getAttribute('data-true'), await cell.getAttribute('data-pred')];
  await cell.click();
  await app.page.waitForSelector('[data-testid=cell-total]');
  // Paused, the matrix shows the model as it is now, which is the model whose answers are listed.
  const same = app.page.locator(`[data-testid=confusion-cell][data-true="${truth}"][data-pred="${predicted}"]`);
  const count = Number(await same.getAttribute('data-value'));
  assert.ok(count > 0);
  const list = app.byId('cell-examples');
  assert.equal(await list.getAttribute('data-true'), truth);
  assert.equal(await list.getAttribute('data-pred'), predicted);
  assert.equal(await app.value('cell-total'), count);
  const answers = await app.page.$$eval('[data-testid=cell-example]', (items) =>
    items.map((i) => ({ text: i.querySelector('.cell-text').textContent, p: Number(i.dataset.confidence) })),
  );
  assert.equal(answers.length, Math.min(count, 25));
  for (const a of answers) {
    assert.ok(a.text.length > 0 && a.p > 0 && a.p <= 1, JSON.stringify(a));
  }
  await app.byId('cell-close').click();
  assert.equal(await app.byId('cell-examples').count(), 0);
  assert.deepEqual(app.errors, []);
});

test('runs are kept, overlaid and labelled by their differences; a sweep adds one run per value; exports', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&epochs=1&eval_every=5`);
  await app.ready();
  await app.byId('train-button').click();
  await app.page.waitForSelector('.finished', { timeout: 120_000 });
  // Another optimiser and learning rate, then a new run.
  await app.byId('optimizer-select').selectOption('sgd');
  await app.byId('lr-input').fill('0.05');
  await app.byId('lr-input').dispatchEvent('change');
  await app.page.waitForFunction(() => /optimizer=sgd/.test(location.search) && /lr=0.05/.test(location.search));
  await app.byId('reset-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.dataset.value === '0');
  await app.byId('train-button').click();
  await app.page.waitForSelector('.finished', { timeout: 120_000 });

  const runs = async () =>
    app.page.$$eval('[data-testid=runs-list] [data-testid=run-item]', (items) =>
      items.map((i) => ({ id: Number(i.dataset.run), label: i.dataset.label, steps: Number(i.dataset.steps), current: i.dataset.current })),
    );
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid=run-item]').length === 2);
  const two = await runs();
  assert.deepEqual(two.map((r) => r.label), ['Adam, lr 0.003', 'SGD, lr 0.05']);
  assert.deepEqual(two.map((r) => r.current), ['false', 'true']);
  assert.ok(two.every((r) => r.steps > 0));
  assert.equal(await app.byId('compare-title').textContent(), 'Adam, lr 0.003 vs SGD, lr 0.05');
  // Each run has its own curve in the comparison.
  assert.equal(await app.byId('compare-chart').getAttribute('data-series'), '2');
  // Its lettering is the size of the loss chart's, not scaled up across the page's width.
  const chartWidth = (id) => app.byId(id).locator('svg').first().evaluate((s) => s.getBoundingClientRect().width);
  const [compareWidth, lossWidth] = [await chartWidth('compare-chart'), await chartWidth('loss-chart')];
  assert.ok(compareWidth <= 1.6 * lossWidth, `comparison ${compareWidth}px wide, loss chart ${lossWidth}px`);
  const curves = await app.page.$$eval('[data-testid=compare-chart] g.series', (gs) =>
    gs.map((g) => ({ name: g.dataset.series, d: g.querySelector('path').getAttribute('d') })),
  );
  assert.deepEqual(curves.map((c) => c.name), ['#1 Adam, lr 0.003', '#2 SGD, lr 0.05']);
  assert.ok(curves.every((c) => (c.d.match(/L/g) ?? []).length >= 2), 'each curve has its points');
  assert.notEqual(curves[0].d, curves[1].d);

  // The metric history as CSV: a row per step of each run.
  const csv = await download(app, () => app.byId('export-csv').click());
  assert.match(csv.name, /\.csv$/);
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  assert.equal(lines[0], 'run,label,step,train_loss,val_loss,val_accuracy,val_macro_f1,val_mse,val_mae,val_r2,alignment');
  assert.ok(lines.some((l) => l.startsWith('1,"Adam, lr 0.003",5,')));
  assert.ok(lines.some((l) => l.startsWith('2,"SGD, lr 0.05",5,')));
  // The loss chart as SVG (styles inlined, with its legend) and as PNG.
  const svg = await download(app, () => app.page.locator('[data-testid=export-svg][data-chart=loss]').click());
  const text = svg.bytes.toString('utf8');
  assert.match(svg.name, /loss\.svg$/);
  assert.match(text, /^<\?xml/);
  assert.match(text, /<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(text, /<path[^>]*d="M/);
  assert.match(text, /stroke:\s*rgb\(/);
  assert.match(text, /Training loss/);
  const png = await download(app, () => app.page.locator('[data-testid=export-png][data-chart=loss]').click());
  assert.match(png.name, /loss\.png$/);
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  // A sweep over scaling: one fresh run per value, one after the other. Its status names the run
  // it trains, the last one included; a run can be short, so every status shown is recorded.
  await app.page.evaluate(() => {
    window.sweepStatuses = [];
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid=sweep-status]')?.textContent;
      if (text && window.sweepStatuses.at(-1) !== text) window.sweepStatuses.push(text);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await app.byId('sweep-knob').selectOption('scaled');
  await app.byId('sweep-button').click();
  await app.page.waitForFunction(
    () => !document.querySelector('[data-testid=sweep-status]') && document.querySelectorAll('[data-testid=run-item]').length === 4,
    null,
    { timeout: 240_000 },
  );
  await idle(app);
  assert.deepEqual(await app.page.evaluate(() => window.sweepStatuses), ['Sweep: run 1 of 2', 'Sweep: run 2 of 2']);
  const four = await runs();
  assert.deepEqual(four.map((r) => r.id), [1, 2, 3, 4]);
  assert.match(four[2].label, /^scaled, SGD, lr 0.05$/);
  assert.match(four[3].label, /^unscaled, SGD, lr 0.05$/);
  assert.ok(four.every((r) => r.steps > 0), JSON.stringify(four));
  assert.equal(await app.byId('compare-chart').getAttribute('data-series'), '4');
  assert.deepEqual(app.errors, []);
});

test('a regression lesson shows MSE, MAE and R² on validation', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=regression&backend=cpu&eval_every=10`);
  await app.ready();
  await app.byId('train-button').click();
  await app.waitForSteps(20);
  await app.byId('train-button').click();
  await idle(app);
  const metric = async (name) =>
    Number(await app.page.locator(`[data-testid=metrics-table] [data-metric=${name}]`).getAttribute('data-value'));
  // The table and the readouts show the same validation (the one taken when training paused).
  await app.page.waitForFunction(() => {
    const table = (m) => document.querySelector(`[data-testid=metrics-table] [data-metric=${m}]`)?.dataset.value;
    const readout = (id) => document.querySelector(`[data-testid=${id}]`)?.dataset.value;
    return table('mae') && table('mae') === readout('val-mae') && table('r2') === readout('val-r2');
  });
  const [mse, mae, r2] = [await metric('mse'), await metric('mae'), await metric('r2')];
  assert.ok(mse > 0 && mae > 0 && mae * mae <= mse * 1.001, `MSE ${mse}, MAE ${mae}`);
  assert.ok(r2 <= 1);
  assert.equal(await app.byId('confusion-matrix').count(), 0);
  assert.deepEqual(app.errors, []);
});
