// The sequence lessons in the page (CPU backend): each is picked in lesson-select, trains, shows
// its explanation, its per-position answers, the expected-pattern overlay and the alignment score.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });

test('lesson-select offers every lesson and switching starts the new task', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu`);
  await app.ready();
  const options = await app.byId('lesson-select').locator('option').evaluateAll((os) => os.map((o) => o.value));
  for (const lesson of ['sentiment', 'copy', 'reverse', 'sort', 'recall', 'induction']) assert.ok(options.includes(lesson), `${lesson} in ${options}`);
  await app.byId('lesson-select').selectOption('reverse');
  await app.waitForProbeTokens(['3', '1', '4', '1', '5', '9', '2', '6']);
  assert.match(app.page.url(), /lesson=reverse/);
  assert.match(await app.byId('lesson-help').textContent(), /backwards/);
  assert.equal(await app.byId('probe-output-token').count(), 8);
  assert.deepEqual(app.errors, []);
});

for (const [lesson, expected] of [
  ['copy', (q, k) => k === q - 1],
  ['reverse', (q, k) => k === 7 - q],
]) {
  test(`${lesson}: trains, outlines the expected pattern and reports the alignment`, async () => {
    const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=${lesson}&backend=cpu&eval_every=25`);
    await app.ready();
    const cells = await app.cells();
    assert.equal(cells.length, 64);
    // The expected cells are outlined, and only they.
    const marked = await app.page.$$eval('[data-testid=attention-cell][data-expected="1"]', (cs) =>
      cs.map((c) => [Number(c.dataset.q), Number(c.dataset.k)]),
    );
    assert.ok(marked.length >= 7 && marked.every(([q, k]) => expected(q, k)), JSON.stringify(marked));
    await app.byId('expected-overlay').uncheck();
    await app.page.waitForFunction(() => !document.querySelector('[data-testid=attention-cell][data-expected="1"]'));
    await app.byId('expected-overlay').check();

    const before = await app.value('alignment-score');
    assert.ok(before >= 0 && before <= 1, `alignment ${before}`);
    const loss = await app.value('val-loss');
    await app.byId('train-button').click();
    await app.waitForSteps(400);
    await app.byId('train-button').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Train');
    assert.ok((await app.value('val-loss')) < loss, 'validation loss falls');
    assert.ok((await app.value('alignment-score')) > before, 'alignment rises');
    assert.ok((await app.page.locator('[data-testid=accuracy-chart] .alignment circle').count()) >= 2);
    assert.ok((await app.byId('matrix-weights').locator('[data-row]').count()) === 64);
    assert.deepEqual(app.errors, []);
  });
}

for (const [lesson, tokens, asked] of [
  ['sort', 8, 8],
  ['recall', 9, 1],
]) {
  test(`${lesson}: loads, trains a few steps and shows its views`, async () => {
    const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=${lesson}&backend=cpu`);
    await app.ready();
    assert.equal((await app.cells()).length, tokens * tokens);
    for (let i = 1; i <= 3; i++) {
      await app.byId('step-button').click();
      await app.waitForSteps(i);
    }
    assert.ok(Number.isFinite(await app.value('train-loss')));
    const answers = await app.page.$$eval('[data-testid=probe-output-token]', (ts) => ts.map((t) => t.dataset.value));
    assert.equal(answers.length, tokens);
    assert.equal(answers.filter((a) => a !== '').length, asked, JSON.stringify(answers));
    assert.ok((await app.page.locator('[data-testid=attention-cell][data-expected="1"]').count()) >= 1);
    const alignment = await app.value('alignment-score');
    assert.ok(alignment >= 0 && alignment <= 1, `alignment ${alignment}`);
    assert.ok((await app.byId('lesson-help').textContent()).length > 50);
    assert.deepEqual(app.errors, []);
  });
}

test('induction: starts causal, the mask and the attention hide later keys, a baseline trains beside it', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu`);
  await app.ready();
  // Picking the lesson applies its defaults: a causal two-layer model.
  await app.byId('lesson-select').selectOption('induction');
  await app.waitForProbeTokens('k d b m q f h d b m q f'.split(' '));
  assert.equal(await app.byId('causal-toggle').isChecked(), true);
  assert.match(app.page.url(), /causal=true/);
  assert.match(await app.byId('lesson-help').textContent(), /induction head/);
  const n = 12;
  const mask = await app.page.$$eval('[data-testid=matrix-mask] [data-testid=matrix-cell]', (cs) =>
    cs.map((c) => [Number(c.dataset.row), Number(c.dataset.col), Number(c.dataset.value)]),
  );
  assert.equal(mask.length, n * n);
  assert.ok(mask.every(([q, k, v]) => v === (k <= q ? 1 : 0)), 'mask is lower-triangular');
  const weights = await app.page.$$eval('[data-testid=attention-cell]', (cs) =>
    cs.map((c) => [Number(c.dataset.q), Number(c.dataset.k), Number(c.dataset.value)]),
  );
  assert.ok(weights.filter(([q, k]) => k > q).every(([, , v]) => v === 0), 'no weight on later keys');
  // The expected induction cells: the position after the previous occurrence of the letter.
  const marked = await app.page.$$eval('[data-testid=attention-cell][data-expected="1"]', (cs) =>
    cs.map((c) => `${c.dataset.q}:${c.dataset.k}`),
  );
  assert.deepEqual(marked.sort(), ['10:5', '11:6', '7:2', '8:3', '9:4']);

  // A local window of 2 on top: keys more than 2 positions back are hidden too.
  await app.byId('window-input').fill('2');
  await app.byId('window-input').dispatchEvent('change');
  await app.page.waitForFunction(() =>
    Number(document.querySelector('[data-testid=matrix-mask] [data-row="5"][data-col="0"]')?.dataset.value) === 0,
  );
  assert.match(app.page.url(), /window=2/);
  await app.byId('window-input').fill('0');
  await app.byId('window-input').dispatchEvent('change');

  await app.byId('baseline-toggle').check();
  assert.match(app.page.url(), /baseline=true/);
  await app.page.waitForSelector('[data-testid=baseline-accuracy]');
  for (let i = 1; i <= 2; i++) {
    await app.byId('step-button').click();
    await app.waitForSteps(i);
  }
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid=loss-chart] .baseline circle').length >= 2);
  const baseline = await app.value('baseline-accuracy');
  assert.ok(baseline >= 0 && baseline <= 1, `baseline accuracy ${baseline}`);
  assert.ok((await app.page.locator('[data-testid=accuracy-chart] .baseline circle').count()) >= 2);
  assert.deepEqual(app.errors, []);
});
