// Security of a static site (CPU backend): the page runs under a Content-Security-Policy that
// allows only its own files, nothing it does trips that policy, an injected inline script is
// refused, and whatever a learner types or uploads is shown as text, never run as markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });

/** Runs in the page before the app: records every breach of the policy (page and worker). */
function recordViolations() {
  window.violations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
  );
}

/** The directives of the page's policy, as { name: [sources] }. */
async function policy(app) {
  const content = await app.page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  return Object.fromEntries(
    content
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

test('the page trains, saves and exports under a policy that allows only its own files', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=sentiment&backend=cpu&seed=2`, { init: [recordViolations] });
  await app.ready();

  const csp = await policy(app);
  assert.deepEqual(csp['default-src'], ["'self'"]);
  assert.deepEqual(csp['object-src'], ["'none'"]);
  const scripts = csp['script-src'];
  assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), scripts.join(' '));
  assert.ok(!scripts.includes('blob:') && !scripts.includes('data:') && !scripts.includes('*'), scripts.join(' '));
  assert.ok(scripts.some((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s)), `the loader is allowed by its hash: ${scripts.join(' ')}`);
  for (const sources of Object.values(csp)) {
    assert.ok(!sources.some((s) => /^https?:|^\*$/.test(s)), `no other site: ${sources.join(' ')}`);
  }

  // The worker trains, the model is saved (a blob: download), a chart is exported as a picture
  // (drawn from a data: image).
  await app.trainTo(20);
  await app.saveModel();
  const [png] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.locator('[data-testid=export-png][data-chart=loss]').click(),
  ]);
  assert.match(png.suggestedFilename(), /\.png$/);
  assert.deepEqual(await app.page.evaluate(() => window.violations), []);
  // The worker's breaches would show as console errors (its events do not reach the page).
  assert.deepEqual(app.errors, []);

  // The policy is enforced: an inline script added to the page does not run.
  const ran = await app.page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true;';
    document.body.append(script);
    await new Promise((ok) => setTimeout(ok, 200));
    return window.injected === true;
  });
  assert.equal(ran, false, 'an injected inline script ran');
  const refused = await app.page.evaluate(() => window.violations);
  assert.equal(refused.length, 1, JSON.stringify(refused));
  assert.equal(refused[0].directive, 'script-src-elem');
  assert.ok(app.errors.every((e) => /Content Security Policy/.test(e)), app.errors.join('\n'));
  await app.page.close();
});

test('text a learner types or uploads is shown as text, never run as markup', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=custom&backend=cpu`, { init: [recordViolations] });
  await app.ready();
  const images = () => app.page.evaluate(() => document.querySelectorAll('img, b, i, script:not([type=module])').length);
  const before = await images();

  // Data with markup in its texts and labels.
  const words = ['cat', 'dog', 'rain', 'sun'];
  const labels = ['<b>animal</b>', '<img src=x onerror="window.pwned=1">'];
  const rows = ['text,label'];
  for (let i = 0; i < 60; i++) rows.push(`"the ${words[i % 4]} <i>was</i> here",${labels[i % 2]}`);
  await app.byId('custom-data-input').fill(rows.join('\n'));
  await app.byId('custom-data-apply').click();
  await app.page.waitForFunction(() => /<b>animal<\/b>/.test(document.querySelector('[data-testid=custom-data-summary]')?.textContent));
  assert.match(await app.byId('custom-data-summary').textContent(), /<img src=x onerror="window\.pwned=1">/);

  // A probe with markup in it.
  await app.probe('<img src=y onerror="window.pwned=2"> the cat');
  await app.byId('step-button').click();
  await app.waitForSteps(1);
  await app.settled();
  assert.equal(await images(), before, 'no element was made from the text');
  assert.equal(await app.page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(await app.page.evaluate(() => window.violations), []);
  assert.deepEqual(app.errors, []);
  await app.page.close();
});
