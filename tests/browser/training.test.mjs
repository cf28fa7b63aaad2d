// The training knobs in the page (CPU backend): optimiser, momentum, schedule with warm-up,
// weight decay, clipping and dropout come from the link, show in the settings, and act on the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });

test('optimiser, schedule, weight decay, clipping and dropout: from the link to the run', async () => {
  const app = await Playground.open(
    ctx.browser,
    `${ctx.server.url}?lesson=copy&backend=cpu&optimizer=sgd&momentum=0.9&lr=0.05&schedule=cosine&warmup=0.2&weight_decay=0.0001&clip=1&dropout=0.1&epochs=2`,
  );
  await app.ready();
  assert.equal(await app.byId('optimizer-select').inputValue(), 'sgd');
  assert.equal(await app.byId('schedule-select').inputValue(), 'cosine');
  assert.equal(Number(await app.byId('momentum-input').inputValue()), 0.9);
  assert.equal(Number(await app.byId('warmup-input').inputValue()), 0.2);
  assert.equal(Number(await app.byId('weight-decay-input').inputValue()), 0.0001);
  assert.equal(Number(await app.byId('clip-input').inputValue()), 1);
  assert.equal(Number(await app.byId('dropout-input').inputValue()), 0.1);

  // Copy: 2100 sequences at batch 32 is 66 steps an epoch; 2 epochs are 132 steps, 26 of them
  // warm-up. After one step the next rate is 0.05 · 2/26.
  await app.byId('step-button').click();
  await app.waitForSteps(1);
  await app.page.waitForFunction(() => document.querySelector('[data-testid=lr-now]')?.dataset.value);
  assert.ok(Math.abs((await app.value('lr-now')) - (0.05 * 2) / 26) < 1e-9, `lr ${await app.value('lr-now')}`);

  // Another optimiser applies to the running model (no reset); its own knobs show.
  await app.byId('optimizer-select').selectOption('adamw');
  await app.page.waitForFunction(() => /optimizer=adamw/.test(location.search));
  assert.ok(await app.byId('momentum-input').isHidden());
  await app.byId('step-button').click();
  await app.waitForSteps(2);
  assert.equal(await app.steps(), 2);
  // A constant schedule hides the warm-up and uses the rate as set.
  await app.byId('schedule-select').selectOption('constant');
  assert.ok(await app.byId('warmup-input').isHidden());
  await app.byId('step-button').click();
  await app.waitForSteps(3);
  await app.page.waitForFunction(() => Number(document.querySelector('[data-testid=lr-now]')?.dataset.value) === 0.05);

  // Dropout is part of the model: changing it starts over.
  await app.byId('dropout-input').fill('0.2');
  await app.byId('dropout-input').dispatchEvent('change');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.dataset.value === '0');
  // The new model's first validation (until it arrives the readout is empty).
  await app.page.waitForFunction(() => document.querySelector('[data-testid=val-loss]')?.dataset.value);
  const loss = await app.value('val-loss');
  await app.byId('train-button').click();
  await app.waitForSteps(100);
  await app.byId('train-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Train');
  assert.ok((await app.value('val-loss')) < loss, 'validation loss falls with dropout on');
  assert.deepEqual(app.errors, []);
});

test('validation precision, recall, F1 and the confusion matrix; the test set is evaluated once', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&eval_every=25`);
  await app.ready();
  // Sentiment: three classes, 150 validation sentences.
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid=confusion-cell]').length === 9);
  const cells = async () =>
    app.page.$$eval('[data-testid=confusion-cell]', (cs) => cs.map((c) => ({ t: Number(c.dataset.true), p: Number(c.dataset.pred), n: Number(c.dataset.value) })));
  assert.equal((await cells()).reduce((a, c) => a + c.n, 0), 150);
  await app.byId('train-button').click();
  await app.waitForSteps(150);
  await app.byId('train-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Train');
  await app.waitForValidationAfter(149);
  const counts = await cells();
  const right = counts.filter((c) => c.t === c.p).reduce((a, c) => a + c.n, 0);
  // The diagonal is the accuracy the readout shows.
  assert.ok(Math.abs(right / 150 - (await app.value('val-accuracy'))) < 1e-3, `${right} right of 150`);
  // Per-class recall is the diagonal over its row.
  const metric = async (name, cls) =>
    Number(await app.page.locator(`[data-testid=metrics-table] [data-metric=${name}][data-class=${cls}]`).getAttribute('data-value'));
  const negative = counts.filter((c) => c.t === 0);
  const recall = negative.find((c) => c.p === 0).n / negative.reduce((a, c) => a + c.n, 0);
  assert.ok(Math.abs((await metric('recall', 'negative')) - recall) < 1e-3);
  assert.ok((await metric('f1', 'macro')) > 0.5, 'macro F1 after training');

  // The final exam: once per run.
  await app.byId('test-eval-button').click();
  await app.page.waitForSelector('[data-testid=test-metrics]');
  assert.ok((await app.value('test-accuracy')) > 0.5);
  assert.ok(Number.isFinite(await app.value('test-macro-f1')));
  assert.ok(await app.byId('test-eval-button').isDisabled());
  await app.byId('reset-button').click();
  await app.page.waitForFunction(() => !document.querySelector('[data-testid=test-metrics]'));
  assert.ok(await app.byId('test-eval-button').isEnabled());
  assert.deepEqual(app.errors, []);
});
