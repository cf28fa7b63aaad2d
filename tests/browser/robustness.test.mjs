// Robustness (CPU backend): a learning rate that blows training up is caught at the step it
// happens, the model goes back to its last sound weights, and the page says so and what to try.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });

test('learning rate 1e6: training diverges, is rolled back and paused, and the notice says what to try', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=sentiment&lr=1e6&backend=cpu&seed=3`);
  await app.ready();
  assert.equal(await app.byId('lr-input').inputValue(), '1000000');
  await app.byId('train-button').click();
  const notice = app.byId('notice');
  await notice.waitFor({ timeout: 120_000 });
  assert.equal(await notice.getAttribute('data-kind'), 'diverged');
  const text = await notice.textContent();
  const [, step, restored] = text.match(/diverged at step (\d+).*weights of step (\d+)/) ?? [];
  assert.ok(step && restored, text);
  assert.ok(Number(restored) < Number(step), text);
  assert.match(text, /smaller rate/);

  // Paused, at the restored step, with a model that computes finite losses again.
  await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Train');
  await app.settled();
  assert.equal(await app.steps(), Number(restored));
  assert.ok(Number.isFinite(await app.value('val-loss')), 'validation loss after the roll-back');

  // The suggested rate trains on from the restored weights without diverging.
  await app.byId('notice-lower-lr').click();
  assert.equal(await app.byId('lr-input').inputValue(), '0.003');
  await app.trainTo(Number(restored) + 20);
  assert.equal(await notice.count(), 0);
  assert.ok(Number.isFinite(await app.value('train-loss')));
  assert.deepEqual(app.errors, []);

  // In Chinese too (a Chinese page trains on Chinese sentences: a run of its own).
  const zh = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=sentiment&lr=1e6&backend=cpu&seed=3&lang=zh`);
  await zh.ready();
  await zh.byId('train-button').click();
  const notice_zh = zh.byId('notice');
  await notice_zh.waitFor({ timeout: 120_000 });
  assert.match(await notice_zh.textContent(), /训练在第 \d+ 步发散：损失变成了 .*模型已退回第 \d+ 步的权重，训练已暂停。.*试试更小的学习率/);
  assert.equal(await zh.byId('notice-lower-lr').textContent(), '改用学习率 0.003');
  assert.deepEqual(zh.errors, []);
  // The kept copy is one per browser: open pages would keep overwriting the next test's.
  await Promise.all([app.page.close(), zh.page.close()]);
});

test('a model too big for its backend is refused before it trains, with the largest batch that fits', async () => {
  const big = 'd_model=256&d_ff=1024&n_heads=8&n_layers=4&batch_size=512';
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=sentiment&backend=cpu&seed=1&${big}`);
  await app.ready();
  const estimate = app.byId('param-estimate');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=param-estimate]')?.dataset.fits === 'false');
  const params = Number(await estimate.getAttribute('data-value'));
  assert.ok(params > 3_000_000, `parameters ${params}`);
  assert.match(await estimate.textContent(), /parameters · about [\d.]+ GB of memory while training \(CPU here: up to 1\.1 GB\)/);

  const notice = app.byId('notice');
  assert.equal(await notice.getAttribute('data-kind'), 'too-big');
  assert.match(await notice.textContent(), /too big to train on CPU here: with 512 examples per batch it needs about [\d.]+ GB/);
  assert.ok(await app.byId('train-button').isDisabled());
  assert.ok(await app.byId('step-button').isDisabled());
  assert.equal(await app.steps(), 0);

  // Each d_ff unit adds, per layer, a row and a column of the feed-forward and one bias.
  await app.byId('d-ff-input').fill('1000');
  await app.byId('d-ff-input').dispatchEvent('change');
  await app.page.waitForFunction((before) => Number(document.querySelector('[data-testid=param-estimate]')?.dataset.value) !== before, params);
  assert.equal(Number(await estimate.getAttribute('data-value')), params - 4 * (2 * 256 + 1) * 24);

  // The suggested batch fits: the notice goes, and the model trains.
  const button = app.byId('notice-fit-batch');
  const batch = Number((await button.textContent()).match(/\d+/)[0]);
  assert.ok(batch >= 1 && batch < 512, `suggested batch ${batch}`);
  await button.click();
  assert.equal(await app.byId('batch-size-input').inputValue(), String(batch));
  await app.page.waitForFunction(() => document.querySelector('[data-testid=param-estimate]')?.dataset.fits === 'true');
  assert.equal(await notice.count(), 0);
  assert.ok(!(await app.byId('train-button').isDisabled()));
  await app.byId('step-button').click();
  await app.page.waitForFunction(() => Number(document.querySelector('[data-testid=step-count]').dataset.value) === 1, null, { timeout: 120_000 });
  assert.ok(Number.isFinite(await app.value('train-loss')));
  assert.deepEqual(app.errors, []);
  await app.page.close();
});

test('a training worker that dies is replaced, and training carries on from the model kept in the browser', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=sentiment&backend=cpu&seed=4`);
  await app.ready();
  const trained = await app.trainTo(30);
  await app.page.waitForFunction((s) => document.querySelector('[data-testid=model-kept]')?.dataset.step === String(s), trained, { timeout: 30_000 });

  // Training again when the worker ends (as when the browser kills it).
  await app.byId('train-button').click();
  await app.waitForSteps(trained + 5);
  const workers = app.page.workers();
  assert.equal(workers.length, 1);
  await workers[0].evaluate(() => self.close());

  const notice = app.page.locator('[data-testid=notice][data-kind=recovered]');
  await notice.waitFor({ timeout: 60_000 });
  const text = await notice.textContent();
  const [, kept] = text.match(/training worker stopped unexpectedly and was restarted\. The model carries on from the copy kept in this browser at step (\d+)/) ?? [];
  assert.ok(kept && Number(kept) >= trained, text);
  assert.equal(await app.byId('error-details').count(), 0, 'it did not panic: there is nothing to copy');

  // A fresh worker trains on from the kept step (the steps after it are lost, not more).
  await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Pause', null, { timeout: 60_000 });
  await app.waitForSteps(Number(kept) + 5);
  await app.byId('train-button').click();
  assert.equal(app.page.workers().length, 1);
  const chart = Number(await app.byId('loss-chart').getAttribute('data-points'));
  assert.ok(chart >= Number(kept) + 5, `the curve goes on from the kept copy (${chart} points)`);
  assert.deepEqual(app.errors, []);
  await app.page.close();
});

test('a panic on the page shows an error panel with its details to copy, not a frozen page', async () => {
  await ctx.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(ctx.server.url).origin });
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=sentiment&backend=cpu`);
  await app.ready();
  await app.page.evaluate(() => {
    try {
      window.wasmBindings.panic_for_test();
    } catch {
      // The panic ends the call that made it; the page goes on.
    }
  });
  const panel = app.byId('error-panel');
  await panel.waitFor();
  assert.match(await panel.textContent(), /Something went wrong on the page.*Reload it: the model kept in this browser comes back/);
  const details = await panel.getByTestId('error-details').textContent();
  assert.match(details, /a test asked the page to panic/);
  await panel.getByTestId('copy-details').click();
  await app.page.waitForFunction((want) => navigator.clipboard.readText().then((got) => got === want), details);
  assert.ok(app.errors.some((e) => e.includes('a test asked the page to panic')), 'the panic is in the console too');
});

test('a bad value in a control or the probe is explained in the page’s language and changes nothing else', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=sentiment&backend=cpu&seed=4`);
  await app.ready();
  await app.byId('step-button').click();
  await app.waitForSteps(1);
  const search = () => app.page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)));
  const before = await search();
  const type = async (id, value) => {
    await app.byId(id).fill(value);
    await app.byId(id).dispatchEvent('change');
  };
  const fieldError = (key) => app.page.locator(`[data-testid=field-error][data-key=${key}]`);

  // Out of range: the nearest allowed value is used, and the field says so.
  await type('batch-size-input', '100000');
  assert.equal(await fieldError('batch_size').textContent(), 'Batch size: 100000 is not possible here (from 1 to 512); using 512.');
  assert.equal(await app.byId('batch-size-input').inputValue(), '512');
  // Not a number: the value before is kept.
  const lr = await app.byId('lr-input').inputValue();
  await type('lr-input', '');
  assert.equal(await fieldError('lr').textContent(), `Learning rate: enter a number from 0.00001 to 1000000; ${lr} is kept.`);
  assert.equal(await app.byId('lr-input').inputValue(), lr);
  assert.equal(await app.byId('lr-input').getAttribute('aria-invalid'), 'true');
  // Nothing else moved: the link differs only in the batch size, the model was not reset.
  await app.page.waitForFunction(() => /batch_size=512/.test(location.search));
  assert.deepEqual(await search(), { ...before, batch_size: '512' });
  assert.equal(await app.steps(), 1);
  // A good value clears the message.
  await type('batch-size-input', '32');
  await fieldError('batch_size').waitFor({ state: 'detached' });

  // Probe text with nothing to read, and no text at all.
  await app.probe('!!! ???');
  await app.byId('probe-error').waitFor();
  assert.match(await app.byId('probe-error').textContent(), /^Nothing here the model can read/);
  await app.probe('');
  assert.equal(await app.byId('probe-empty').textContent(), 'Nothing typed: the model reads the lesson\'s own example.');
  assert.deepEqual(app.errors, []);

  // In Chinese.
  const zh = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=sentiment&backend=cpu&seed=4&lang=zh`);
  await zh.ready();
  await zh.byId('batch-size-input').fill('0');
  await zh.byId('batch-size-input').dispatchEvent('change');
  assert.match(await zh.page.locator('[data-testid=field-error][data-key=batch_size]').textContent(), /：0 不可用（范围 1 到 512）；改用 1。$/);
  await zh.probe('!!! ???');
  await zh.byId('probe-error').waitFor();
  assert.match(await zh.byId('probe-error').textContent(), /^这里没有模型能读的内容/);
  assert.deepEqual(zh.errors, []);

  // The learner's own data, refused line by line in Chinese.
  const data = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=custom&backend=cpu&lang=zh`);
  await data.ready();
  await data.byId('custom-data-input').fill(['text,label', '猫在睡觉,动物', '没有标签的一行', '又下雨了,天气,多余', ',天气'].join('\n'));
  await data.byId('custom-data-apply').click();
  assert.deepEqual((await data.byId('custom-data-errors').locator('li').allTextContents()).slice(0, 3), [
    '第 3 行：应有 2 个字段（文本、标签），实际有 1 个',
    '第 4 行：应有 2 个字段（文本、标签），实际有 3 个',
    '第 5 行：文本为空',
  ]);
  assert.deepEqual(data.errors, []);
  await data.page.close();

  // An image lesson's probe that is not an image (a hand-edited link).
  const image = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=patches&backend=cpu&probe=zz`);
  await image.byId('probe-error').waitFor({ timeout: 120_000 });
  assert.equal(
    await image.byId('probe-error').textContent(),
    'Not an image: a picture is 12 rows of 3 hexadecimal digits (36 in all), this has 2.',
  );
  assert.deepEqual(image.errors, []);
  await Promise.all([app.page.close(), zh.page.close(), image.page.close()]);
});
