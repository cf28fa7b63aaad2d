// The teaching games (CPU backend). Challenges: the lesson lists its goals with a ladder of hints;
// real training flips the one-head sentiment challenge to done, and the browser remembers it.
// Predict, then see: a pick made before training is compared with the heads the model learns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });

test('the one-head challenge on sentiment is met by training one head, and stays met', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lesson=sentiment&n_heads=1`);
  await app.ready();
  const challenge = app.page.locator('[data-testid=challenge][data-challenge=one-head]');
  assert.equal(await challenge.getAttribute('data-state'), 'open');
  assert.equal(await app.page.locator('[data-testid=challenge]').count(), 2, 'sentiment has two challenges');
  // The hint ladder: one hint per click, three in all, then no more button.
  for (let n = 1; n <= 3; n++) {
    await challenge.getByTestId('challenge-hint-button').click();
    assert.equal(await challenge.getByTestId('challenge-hint').count(), n);
  }
  assert.equal(await challenge.getByTestId('challenge-hint-button').count(), 0);

  await app.byId('train-button').click();
  await app.page.waitForFunction(
    () => document.querySelector('[data-challenge=one-head]')?.dataset.state === 'done',
    null,
    { timeout: 300_000 },
  );
  const accuracy = await app.value('val-accuracy');
  assert.ok(accuracy >= 0.95, `done at validation accuracy ${accuracy}`);
  await app.byId('train-button').click();
  // Another lesson has its own challenges; coming back, the done one is remembered.
  await app.page.reload();
  await app.byId('train-button').waitFor();
  assert.equal(await app.page.locator('[data-challenge=one-head]').getAttribute('data-state'), 'done');
  assert.equal(await app.page.locator('[data-challenge=find-negation]').getAttribute('data-state'), 'open');
  await app.byId('lesson-select').selectOption('reverse');
  await app.page.locator('[data-challenge=break-reverse][data-state=open]').waitFor();
  assert.equal(await app.page.locator('[data-challenge=one-head]').count(), 0);
  assert.deepEqual(app.errors, []);
  await app.page.close();
});

test('predict, then see: a pick before training is compared with the heads reverse learns', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lesson=reverse`);
  await app.ready();
  const panel = app.byId('predict-pattern');
  assert.equal(await panel.getByTestId('predict-option').count(), 6);
  // A lesson whose own map is self-attention needs no word on which heads are compared.
  assert.equal(await panel.getByTestId('predict-which').count(), 0);
  await panel.locator('[data-testid=predict-option][data-guess=mirror]').click();
  assert.equal(await panel.locator('[data-guess=mirror]').getAttribute('aria-pressed'), 'true');
  // Before training there is nothing learned to compare with.
  await panel.getByTestId('predict-wait').waitFor();
  await app.trainTo(300);
  const result = panel.getByTestId('predict-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-guess'), 'mirror');
  assert.equal(await result.getAttribute('data-closest'), 'mirror', await result.textContent());
  assert.equal(await result.getAttribute('data-right'), 'true');
  assert.ok(Number(await result.getAttribute('data-value')) > 0.6);
  // A wrong pick is told so, against the same heads.
  await panel.locator('[data-testid=predict-option][data-guess=first]').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=predict-result]')?.dataset.guess === 'first');
  assert.equal(await result.getAttribute('data-right'), 'false');
  assert.equal(await result.getAttribute('data-closest'), 'mirror');
  assert.deepEqual(app.errors, []);
  await app.page.close();
});

test('predict, then see: where the lesson shows cross-attention, the panel says which heads it compares', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lesson=translate`);
  await app.ready();
  const which = app.byId('predict-pattern').getByTestId('predict-which');
  assert.match(await which.textContent(), /encoder/);
  await app.byId('language-select').selectOption('zh');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=predict-which]')?.textContent.includes('编码器'));
  await app.byId('lesson-select').selectOption('multimodal');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=predict-which]')?.textContent.includes('说明文字'));
  await app.byId('lesson-select').selectOption('sentiment');
  await app.page.waitForFunction(() => !document.querySelector('[data-testid=predict-which]'));
  assert.deepEqual(app.errors, []);
  await app.page.close();
});
