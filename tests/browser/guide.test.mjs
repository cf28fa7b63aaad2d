// The concept guide (CPU backend): deep links open an entry with its formula in MathML, in both
// languages; every "show me" outlines a visible part of the page; the inline hints beside
// controls and view labels show their line and open the full entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });

/** The concept ids the guide lists, in order. */
async function conceptIds(app) {
  return app.page.$$eval('[data-testid=concept-link]', (links) => links.map((l) => l.dataset.concept));
}

/** What the open entry's formula is: its namespace, its MathML parts, and its rendered size. */
function formulaFacts() {
  const math = document.querySelector('[data-testid=concept-entry] math');
  if (!math) return null;
  const box = math.getBoundingClientRect();
  return {
    namespace: math.namespaceURI,
    parts: [...new Set([...math.querySelectorAll('*')].map((el) => el.localName))].sort(),
    width: box.width,
    height: box.height,
    label: math.getAttribute('aria-label'),
  };
}

/** Whether the outlined element is `testid`'s and can be seen: in the viewport, on top at its centre. */
function outlinedAndVisible(testid) {
  const el = document.querySelector('.concept-target');
  if (!el || el.dataset.testid !== testid) return { ok: false, why: `outlined: ${el?.dataset.testid ?? 'nothing'}` };
  if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return { ok: false, why: 'not visible' };
  const box = el.getBoundingClientRect();
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + Math.min(box.height, 40) / 2, 0), innerHeight - 1);
  const inView = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
  const top = document.elementFromPoint(x, y);
  const onTop = top && (el.contains(top) || top.contains(el) || top === el);
  return { ok: inView && onTop, why: `in view ${inView}, on top: ${top?.outerHTML?.slice(0, 80)}` };
}

test('a concept link opens its entry with the formula in MathML, in English and in Chinese', async () => {
  const titles = {};
  for (const lang of ['en', 'zh']) {
    const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lang=${lang}&concept=scaling`);
    const entry = app.byId('concept-entry');
    await entry.waitFor();
    assert.equal(await entry.getAttribute('data-concept'), 'scaling');
    assert.ok(await app.byId('concept-guide').isVisible());
    const facts = await app.page.evaluate(formulaFacts);
    assert.equal(facts.namespace, 'http://www.w3.org/1998/Math/MathML');
    for (const part of ['mfrac', 'msqrt', 'msub', 'msup', 'mi', 'mo']) assert.ok(facts.parts.includes(part), `${part}: ${facts.parts}`);
    // Rendered as math: a fraction stacks, so the formula is taller than one line of text.
    assert.ok(facts.width > 100 && facts.height > 30, JSON.stringify(facts));
    const text = await entry.textContent();
    titles[lang] = await entry.locator('h3').textContent();
    if (lang === 'zh') {
      assert.match(text, /[\u4e00-\u9fff]/);
      assert.match(facts.label, /原文/);
    } else {
      assert.match(facts.label, /the article/);
    }
    // Every entry has its formula and its words.
    for (const id of await conceptIds(app)) {
      await app.page.locator(`[data-testid=concept-link][data-concept="${id}"]`).click();
      await app.page.waitForSelector(`[data-testid=concept-entry][data-concept="${id}"] math mrow`);
      assert.ok((await app.page.locator('[data-testid=concept-entry] p').count()) >= 2, id);
      assert.match(app.page.url(), new RegExp(`concept=${id}(&|$)`));
    }
    assert.deepEqual(app.errors, []);
    await app.page.close();
  }
  assert.notEqual(titles.en, titles.zh);
});

test('every "show me" outlines a visible part of the page, opening the lesson that has it', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&concept=attention`);
  await app.ready();
  const ids = await conceptIds(app);
  assert.ok(ids.length >= 14, `${ids}`);
  for (const id of ids) {
    await app.page.locator(`[data-testid=concept-link][data-concept="${id}"]`).click();
    const button = app.byId('show-me');
    const target = await button.getAttribute('data-target');
    await button.click();
    await app.page.waitForFunction((t) => document.querySelector('.concept-target')?.dataset.testid === t, target, {
      timeout: 30_000,
    });
    await app.page.waitForTimeout(100);
    const seen = await app.page.evaluate(outlinedAndVisible, target);
    assert.ok(seen.ok, `${id} → ${target}: ${seen.why}`);
    assert.equal(await app.byId('show-me-status').textContent(), '');
    if (id === 'cross-attention') {
      // Only translation has cross-attention: "show me" opened that lesson and kept the entry.
      assert.equal(await app.byId('lesson-select').inputValue(), 'translate');
      assert.equal(await app.byId('concept-entry').getAttribute('data-concept'), 'cross-attention');
      await app.byId('lesson-select').selectOption('sentiment');
      await app.ready();
    }
  }
  assert.deepEqual(app.errors, []);
  await app.page.close();
});

test('"show me" says so when a classroom set-up hides that part of the page', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&hide=inside&concept=softmax`);
  await app.byId('show-me').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=show-me-status]')?.textContent.length > 10);
  assert.equal(await app.page.locator('.concept-target').count(), 0);
  assert.deepEqual(app.errors, []);
  await app.page.close();
});

test('a hint beside a control or a view shows its line on hover and focus, and opens the entry', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu`);
  await app.ready();
  assert.equal(await app.byId('concept-guide').count(), 0);
  // Hovering the heads control's label shows the multi-head line.
  const field = app.page.locator('label.field', { has: app.byId('n-heads-input') });
  const hint = field.locator('[data-testid=concept-hint]');
  assert.equal(await hint.getAttribute('data-concept'), 'multi-head');
  const pop = hint.locator('[role=tooltip]');
  assert.equal(await pop.isVisible(), false);
  await field.hover();
  assert.ok(await pop.isVisible());
  assert.ok((await pop.textContent()).length > 20);
  // Focusing a control shows its line too (keyboard users).
  await app.page.mouse.move(0, 0);
  const scaledField = app.page.locator('label.field', { has: app.byId('scaled-toggle') });
  await app.byId('scaled-toggle').focus();
  assert.ok(await scaledField.locator('[role=tooltip]').isVisible());
  // View labels have hints too: the loss chart's title.
  for (const concept of ['loss', 'attention', 'multi-head', 'scaling', 'softmax', 'mask']) {
    assert.ok(await app.page.locator(`h2 [data-testid=concept-hint][data-concept=${concept}], .matrix-label [data-testid=concept-hint][data-concept=${concept}]`).count(), concept);
  }
  // "More…" opens the full entry in the guide, and the link says so.
  await field.hover();
  await pop.locator('[data-testid=concept-more]').click();
  await app.byId('concept-entry').waitFor();
  assert.equal(await app.byId('concept-entry').getAttribute('data-concept'), 'multi-head');
  assert.match(app.page.url(), /concept=multi-head/);
  // Escape closes the guide; the guide button opens it again.
  await app.byId('show-me').focus();
  await app.page.keyboard.press('Escape');
  await app.byId('concept-guide').waitFor({ state: 'detached' });
  assert.match(app.page.url(), /concept=(&|$)/);
  await app.byId('guide-button').click();
  await app.byId('concept-entry').waitFor();
  await app.byId('concept-close').click();
  await app.byId('concept-guide').waitFor({ state: 'detached' });
  assert.deepEqual(app.errors, []);
  await app.page.close();
});

test('every hint opens whole: inside its panel and on the screen, on a phone and a wide screen', async () => {
  for (const [width, height] of [[390, 800], [1360, 1000]]) {
    const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu`);
    await app.page.setViewportSize({ width, height });
    // The settings fold on a phone when the page starts: start again at this size, and unfold them.
    await app.page.reload();
    await app.ready();
    await app.page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const hints = app.byId('concept-hint');
    const count = await hints.count();
    assert.ok(count >= 15, `${count} hints`);
    const outside = [];
    for (let i = 0; i < count; i++) {
      const dot = hints.nth(i).locator('.hint-dot');
      await dot.scrollIntoViewIfNeeded();
      await dot.hover();
      const where = await hints.nth(i).evaluate((hint) => {
        const pop = hint.querySelector('[role=tooltip]').getBoundingClientRect();
        const panel = hint.closest('.panel').getBoundingClientRect();
        return { concept: hint.dataset.concept, pop, panel: { left: panel.left, right: panel.right } };
      });
      const { pop, panel } = where;
      if (pop.width === 0) outside.push(`${where.concept}: not shown`);
      else if (pop.left < panel.left || pop.right > panel.right || pop.right > width) {
        outside.push(`${where.concept}: ${Math.round(pop.left)}–${Math.round(pop.right)}, panel ${Math.round(panel.left)}–${Math.round(panel.right)}`);
      }
    }
    assert.deepEqual(outside, [], `at ${width} px`);
    assert.deepEqual(app.errors, []);
    await app.page.close();
  }
});
