// Accessibility and layout (CPU backend): an axe-core audit of the page in both languages, after
// training, reports no serious or critical violation; at a projector's, a laptop's and a phone's
// size no two controls overlap and nothing but the scrollable views runs off the side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function audit(app) {
  // The page's Content-Security-Policy refuses injected script tags; axe is the test's own tool,
  // so it is run through the browser's debugging protocol, which the policy does not govern.
  await app.page.evaluate(await readFile(AXE, 'utf8'));
  const violations = await app.page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations;
}

async function trained(url) {
  const app = await Playground.open(ctx.browser, url);
  await app.ready();
  await app.byId('train-button').click();
  await app.waitForSteps(20);
  await app.byId('train-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() !== 'Pause');
  return app;
}

test('axe finds no serious or critical violation, in English and in Chinese, after training', async () => {
  for (const lang of ['en', 'zh']) {
    const app = await trained(`${ctx.server.url}?backend=cpu&lang=${lang}&eval_every=10`);
    const violations = await audit(app);
    assert.deepEqual(violations, [], `${lang}: ${JSON.stringify(violations, null, 1)}`);
    assert.deepEqual(app.errors, []);
    await app.page.close();
  }
});

test('axe is also clean on the translation, picture, signal, recommendation and multimodal lessons and in presentation mode', async () => {
  for (const query of ['lesson=translate', 'lesson=patches', 'lesson=signal', 'lesson=recommend', 'lesson=multimodal', 'present=true&lesson=copy']) {
    const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&${query}`);
    await app.ready();
    const violations = await audit(app);
    assert.deepEqual(violations, [], `${query}: ${JSON.stringify(violations, null, 1)}`);
    await app.page.close();
  }
});

test('in a dark system theme the page is dark and axe is clean after training; presentation mode and paper figures stay light', async () => {
  // Relative luminance of a computed CSS colour (WCAG's formula).
  const luminance = (css) => {
    const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map((v) => Number(v) / 255);
    const lin = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const colours = (app) =>
    app.page.evaluate(() => {
      const style = (e) => getComputedStyle(e);
      const panel = document.querySelector('.panel');
      return {
        page: style(document.documentElement).backgroundColor,
        panel: style(panel).backgroundColor,
        ink: style(panel).color,
        field: style(document.querySelector('[data-testid=lr-input]')).backgroundColor,
        paper: document.querySelector('.embedding-svg, .image-grid, .signal-plot')
          ? style(document.querySelector('.embedding-svg, .image-grid, .signal-plot')).backgroundColor
          : null,
      };
    });
  // Each lesson here shades text by attention (the probe's words, the history, the word-by-cell
  // table), so the audit reads that text on its darkest shade as well.
  for (const query of ['lesson=sentiment', 'lesson=recommend', 'lesson=multimodal', 'lesson=patches', 'lang=zh&lesson=signal']) {
    const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&eval_every=10&${query}`);
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await app.ready();
    await app.byId('train-button').click();
    await app.waitForSteps(20);
    await app.byId('train-button').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() !== 'Pause');
    const c = await colours(app);
    assert.ok(luminance(c.page) < 0.05 && luminance(c.panel) < 0.05, `${query}: a dark page (${c.page}, ${c.panel})`);
    assert.ok(luminance(c.field) < 0.05, `${query}: dark fields (${c.field})`);
    assert.ok(luminance(c.ink) > 0.6, `${query}: light text (${c.ink})`);
    if (c.paper) assert.ok(luminance(c.paper) > 0.9, `${query}: the figure stays on light paper (${c.paper})`);
    const violations = await audit(app);
    assert.deepEqual(violations, [], `${query}: ${JSON.stringify(violations, null, 1)}`);
    assert.deepEqual(app.errors, []);
    if (query === 'lesson=sentiment') {
      // An exported chart looks as it does on the screen: the panel's dark paper, light lettering.
      const [file] = await Promise.all([
        app.page.waitForEvent('download'),
        app.page.locator('[data-testid=export-svg][data-chart=loss]').click(),
      ]);
      const text = (await readFile(await file.path())).toString('utf8');
      assert.ok(text.includes(`fill:${c.panel}`), 'the exported chart is on the panel\'s colour');
      assert.ok(text.includes(`fill:${c.ink}">Training loss`), 'its legend in the page\'s ink');
    }
    await app.page.close();
  }
  // Presentation mode is for a projector: light, whatever the system says.
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&present=true`);
  await app.page.emulateMedia({ colorScheme: 'dark' });
  await app.ready();
  const c = await colours(app);
  assert.ok(luminance(c.page) > 0.9 && luminance(c.panel) > 0.9, `presentation: light (${c.page}, ${c.panel})`);
  assert.ok(luminance(c.ink) < 0.01, `presentation: black text (${c.ink})`);
  assert.deepEqual(await audit(app), []);
  await app.page.close();
  // And the light theme is what a light system gets.
  const light = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu`);
  await light.page.emulateMedia({ colorScheme: 'light' });
  assert.ok(luminance((await colours(light)).panel) > 0.9);
  await light.page.close();
});

test('at 1366×768, 1920×1080 and 390×844 no two controls overlap and the page does not run off the side', async () => {
  const shots = await mkdtemp(join(tmpdir(), 'ap-layout-'));
  // The custom lesson on a phone too: its data panel has a file picker, the widest control.
  for (const [width, height, lesson] of [[1366, 768, 'sentiment'], [1920, 1080, 'sentiment'], [390, 844, 'sentiment'], [390, 844, 'custom']]) {
    const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&lesson=${lesson}`);
    await app.page.setViewportSize({ width, height });
    await app.ready();
    await app.page.screenshot({ path: join(shots, `layout-${lesson}-${width}x${height}.png`), fullPage: true });
    const { overlaps, overflow, offscreen } = await app.page.evaluate(() => {
      const controls = [...document.querySelectorAll('button, select, input, textarea, [role=slider]')]
        .filter((e) => e.offsetParent !== null && !e.closest('.tour'))
        .map((e) => ({ e, r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && r.height > 0);
      const name = (e) => e.dataset.testid || e.id || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 20) || e.tagName;
      const overlaps = [];
      for (let i = 0; i < controls.length; i++) {
        for (let j = i + 1; j < controls.length; j++) {
          const a = controls[i].r;
          const b = controls[j].r;
          const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (x > 2 && y > 2) overlaps.push(`${name(controls[i].e)} × ${name(controls[j].e)}`);
        }
      }
      // Controls outside the window's width (inside a scrolling view is fine).
      const scrolls = (e) => {
        for (let p = e.parentElement; p; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (/(auto|scroll)/.test(s.overflowX) && p.scrollWidth > p.clientWidth) return true;
        }
        return false;
      };
      const offscreen = controls.filter(({ e, r }) => (r.right > innerWidth + 1 || r.left < -1) && !scrolls(e)).map(({ e }) => name(e));
      return { overlaps, overflow: document.documentElement.scrollWidth - innerWidth, offscreen };
    });
    assert.deepEqual(overlaps, [], `${lesson}, ${width}×${height}: overlapping controls`);
    assert.deepEqual(offscreen, [], `${lesson}, ${width}×${height}: controls off the side`);
    assert.ok(overflow <= 1, `${lesson}, ${width}×${height}: the page is ${overflow}px wider than the window`);
    await app.page.close();
  }
});

test('on a phone the settings start folded, so the lesson comes a screen after the controls, and "show me" unfolds them', async () => {
  // The page decides when it starts: open it at the phone's width.
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&concept=optimizer`);
  await app.page.setViewportSize({ width: 390, height: 844 });
  await app.page.reload();
  await app.byId('train-button').waitFor();
  const settings = app.byId('settings');
  assert.equal(await settings.evaluate((d) => d.open), false, 'folded on a phone');
  assert.ok(await app.byId('optimizer-select').isHidden());
  const introTop = await app.byId('lesson-help').evaluate((e) => e.getBoundingClientRect().top + scrollY);
  assert.ok(introTop < 2 * 844, `the lesson starts ${introTop}px down`);
  // "Show me" for a concept whose control is in the settings unfolds them and outlines it.
  await app.byId('show-me').click();
  await app.page.waitForFunction(() => document.querySelector('.concept-target')?.dataset.testid === 'optimizer-select');
  assert.equal(await settings.evaluate((d) => d.open), true);
  assert.ok(await app.byId('optimizer-select').isVisible());
  assert.deepEqual(app.errors, []);
  await app.page.close();
  // On a wide screen they start unfolded; the summary folds them.
  const wide = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu`);
  assert.equal(await wide.byId('settings').evaluate((d) => d.open), true);
  await wide.byId('settings').locator('summary').click();
  assert.ok(await wide.byId('optimizer-select').isHidden());
  assert.deepEqual(wide.errors, []);
});
