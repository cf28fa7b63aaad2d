// Languages (CPU backend): in Chinese, no English is left on the main screen — text, tooltips and
// accessible names — once a model has trained; numbers follow the language's conventions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });

// Names that Chinese text writes in Latin letters too: the technical terms of the field, file
// formats, the backends, units of memory, and the name of the English language in the language
// menu.
const ALLOWED = new Set([
  'softmax', 'Adam', 'AdamW', 'SGD', 'CPU', 'GPU', 'WebGPU', 'MSE', 'MAE', 'CSV', 'TSV', 'SVG', 'PNG',
  'QK', 'ReLU', 'GELU', 'PCA', 'English', 'ms', 'lr', 'LayerNorm', 'FFN', 'Transformer', 'ISO',
  'kB', 'MB', 'GB',
]);
// The translation lesson's data are dates written in English too: its introduction quotes them.
const DATES = ['November', 'Nov', 'July', 'Jul', 'th'];

/** Latin words of visible text and of visible elements' labels, outside `translate="no"` data. */
function englishLeft(allowed) {
  const found = [];
  const visible = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const skipped = (el) => el.closest('[translate=no], script, style, noscript, option:not(:checked)');
  // Words only: a symbol such as d_model, xW_Q or PC1 is not English.
  const check = (text, where) => {
    for (const word of text.match(/(?<![\w{])[A-Za-z]{2,}(?![\w}])/g) ?? []) {
      if (!allowed.includes(word)) found.push(`${word} — ${where}`);
    }
  };
  const name = (el) => el.dataset.testid || el.getAttribute('class') || el.tagName.toLowerCase();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || skipped(el) || (el.tagName !== 'OPTION' && !visible(el))) continue;
    check(walker.currentNode.textContent, name(el));
  }
  for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    if (skipped(el) || !visible(el)) continue;
    for (const attribute of ['title', 'aria-label', 'placeholder', 'alt']) {
      const value = el.getAttribute(attribute);
      if (value) check(value, `${attribute} of ${name(el)}`);
    }
  }
  return [...new Set(found)];
}

for (const lesson of ['sentiment', 'reverse', 'translate', 'patches']) {
  test(`in Chinese, the ${lesson} lesson's main screen has no English left`, async () => {
    const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lang=zh&lesson=${lesson}`);
    await app.ready();
    await app.trainTo(10);
    await app.page.waitForTimeout(300);
    const allowed = [...ALLOWED, ...(lesson === 'translate' ? DATES : [])];
    const left = await app.page.evaluate(englishLeft, allowed);
    assert.deepEqual(left, [], `English on the Chinese screen:\n${left.join('\n')}`);
    assert.deepEqual(app.errors, []);
  });
}

test('switching the language translates the page at once and keeps it in the link; numbers follow it', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lesson=sentiment`);
  await app.ready();
  await app.trainTo(5);
  assert.equal((await app.byId('train-button').textContent()).trim(), 'Train');
  await app.byId('language-select').selectOption('zh');
  await app.page.waitForFunction(() => /lang=zh/.test(location.search));
  assert.equal((await app.byId('train-button').textContent()).trim(), '训练');
  const left = await app.page.evaluate(englishLeft, [...ALLOWED]);
  assert.deepEqual(left, [], `English after switching:\n${left.join('\n')}`);
  // Examples per second: English counts in thousands (K), Chinese in ten-thousands (万).
  const examples = await app.value('examples-per-second');
  const shown = (await app.byId('examples-per-second').textContent()).trim();
  if (examples >= 1e4) assert.match(shown, /万$/);
  else assert.doesNotMatch(shown, /K$/);
  assert.deepEqual(app.errors, []);
});
