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
  const loss = await app.value('val-loss');
  await app.byId('train-button').click();
  await app.waitForSteps(100);
  await app.byId('train-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Train');
  assert.ok((await app.value('val-loss')) < loss, 'validation loss falls with dropout on');
  assert.deepEqual(app.errors, []);
});
