// The classroom (CPU backend): teacher mode hides controls and panels, presentation mode, the
// share button, the language the browser asks for, the notice of a repaired link, the guided tour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, Playground, forgetKeptModel } from './harness.mjs';

const ctx = setup({ webgpu: false });

test('teacher mode hides the named controls and panels; presentation mode; both survive a lesson switch', async () => {
  const app = await Playground.open(
    ctx.browser,
    `${ctx.server.url}?backend=cpu&hide=optimizer,lr,inside,compare&present=true`,
  );
  await app.ready();
  assert.ok(await app.byId('optimizer-select').isHidden());
  assert.ok(await app.byId('lr-input').isHidden());
  assert.ok(await app.byId('batch-size-input').isVisible(), 'the others stay');
  assert.equal(await app.byId('qkv-panel').count(), 0, 'inside attention is left out');
  assert.equal(await app.byId('runs-list').count(), 0, 'the comparison is left out');
  assert.ok(await app.byId('metrics-table').isVisible());
  assert.equal(await app.page.evaluate(() => document.documentElement.classList.contains('presentation')), true);
  assert.ok(await app.byId('presentation-toggle').isChecked());
  const fontSize = () => app.page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const large = await fontSize();

  // A student switching lessons keeps the classroom's settings.
  await app.byId('lesson-select').selectOption('reverse');
  await app.page.waitForFunction(() => /lesson=reverse/.test(location.search));
  assert.match(await app.page.evaluate(() => location.search), /hide=compare%2Cinside%2Clr%2Coptimizer/);
  assert.ok(await app.byId('lr-input').isHidden());

  await app.byId('presentation-toggle').uncheck();
  await app.page.waitForFunction(() => /present=false/.test(location.search));
  assert.equal(await app.page.evaluate(() => document.documentElement.classList.contains('presentation')), false);
  assert.ok((await fontSize()) < large, 'presentation mode enlarges the type');
  assert.deepEqual(app.errors, []);
});

test('copy link puts the page address, with every setting, on the clipboard', async () => {
  await ctx.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(ctx.server.url).origin });
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&n_heads=4&seed=7`);
  await app.ready();
  await app.byId('share-link').click();
  await app.page.waitForSelector('[data-testid=share-status]');
  assert.equal((await app.byId('share-status').textContent()).trim(), 'Link copied');
  const copied = await app.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await app.page.evaluate(() => location.href));
  assert.match(copied, /n_heads=4/);
  assert.match(copied, /seed=7/);
  assert.deepEqual(app.errors, []);
});

test('a link without a language follows the browser; a repaired link lists what it changed', async () => {
  const page = await ctx.browser.newPage();
  await page.addInitScript(forgetKeptModel);
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'languages', { get: () => ['zh-CN', 'zh', 'en'] });
    localStorage.setItem('attention-playground.tour-seen', '1');
  });
  const app = new Playground(page);
  await page.goto(`${ctx.server.url}?backend=cpu`);
  await app.byId('train-button').waitFor();
  await page.waitForFunction(() => /lang=zh/.test(location.search));
  assert.equal(await app.byId('language-select').inputValue(), 'zh');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal((await app.byId('train-button').textContent()).trim(), '训练');
  // A link that names its language keeps it.
  await page.goto(`${ctx.server.url}?backend=cpu&lang=en&n_heads=99&bogus=1`);
  await app.byId('train-button').waitFor();
  assert.equal(await app.byId('language-select').inputValue(), 'en');
  const notices = await app.page.$$eval('[data-testid=url-notice] li', (items) => items.map((i) => i.textContent));
  assert.equal(notices.length, 2, JSON.stringify(notices));
  assert.ok(notices.some((n) => /n_heads: 99 is out of range, using 8/.test(n)));
  assert.ok(notices.some((n) => /bogus/.test(n)));
  await page.close();
});

test('the guided tour: on the first visit only, skippable, replayable, keyboard-operable', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu`, { tour: true });
  await app.page.evaluate(() => localStorage.removeItem('attention-playground.tour-seen'));
  await app.page.reload();
  await app.byId('tour').waitFor();
  const stop = async () => Number(await app.byId('tour').getAttribute('data-stop'));
  const target = () => app.page.$eval('.tour-target', (e) => e.dataset.testid);
  assert.equal(await stop(), 0);
  assert.equal(await target(), 'lesson-select');
  // The main button has the focus: Enter moves on.
  await app.page.keyboard.press('Enter');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=tour]')?.dataset.stop === '1');
  assert.equal(await target(), 'train-button');
  await app.byId('tour-next').click();
  assert.equal(await target(), 'loss-chart');
  await app.byId('tour-skip').click();
  assert.equal(await app.byId('tour').count(), 0);
  assert.equal(await app.page.$$eval('.tour-target', (e) => e.length), 0);
  // Remembered: a reload does not show it again; the "?" button replays it, Escape closes it.
  await app.page.reload();
  await app.byId('train-button').waitFor();
  await app.page.waitForTimeout(500);
  assert.equal(await app.byId('tour').count(), 0);
  await app.byId('tour-replay').click();
  assert.equal(await stop(), 0);
  await app.page.keyboard.press('Escape');
  assert.equal(await app.byId('tour').count(), 0);
  assert.deepEqual(app.errors, []);
});
