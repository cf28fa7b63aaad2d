// "Inside attention" views on the CPU backend: the step-by-step Q/K/V panel, head view, model
// view, timeline, head ablation, embedding map and saliency, on a model trained in the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, Playground } from './harness.mjs';

const ctx = setup({ webgpu: false });

const SENTENCE = 'the food was bad but the service was great'.split(' ');

/** data-value of every cell of one matrix, row by row. */
async function matrix(app, id) {
  return app.page.$$eval(`[data-testid=${id}] [data-value][data-row]`, (cells) =>
    cells.map((c) => ({ r: Number(c.dataset.row), c: Number(c.dataset.col), v: Number(c.dataset.value) })),
  );
}

async function pauseTraining(app) {
  await app.byId('train-button').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=train-button]').textContent.trim() === 'Train');
  // The last reading of the probe arrives after the pause: wait for it, painted.
  await app.settled();
}

test('every view renders for the trained model; scaling, ablation and the timeline work', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu&eval_every=10`);
  await app.ready();
  await app.byId('train-button').click();
  await app.waitForSteps(250);
  // The timeline takes a snapshot with each full reading of the probe, at most every 250 ms of
  // training: how many 250 steps give depends on the machine's speed, so train on until it holds
  // the ten the replay below needs.
  await app.page.waitForFunction(
    () => Number(document.querySelector('[data-testid=timeline]')?.getAttribute('data-count')) >= 10,
    null,
    { timeout: 60_000 },
  );
  await pauseTraining(app);
  const n = SENTENCE.length;
  const dHead = 32 / 2;

  // Step-by-step panel: every stage with the right shape and real numbers.
  const panel = app.byId('qkv-panel');
  await panel.waitFor();
  for (const [id, rows, cols] of [
    ['matrix-input', n, 32],
    ['matrix-normed', n, 32],
    ['matrix-q', n, dHead],
    ['matrix-k', n, dHead],
    ['matrix-v', n, dHead],
    ['matrix-scores', n, n],
    ['matrix-scaled', n, n],
    ['matrix-weights', n, n],
    ['matrix-output', n, dHead],
  ]) {
    const cells = await matrix(app, id);
    assert.equal(cells.length, rows * cols, `${id}: ${cells.length} cells`);
    assert.ok(cells.every((c) => Number.isFinite(c.v)), `${id} has non-numbers`);
    assert.equal(Math.max(...cells.map((c) => c.r)) + 1, rows, id);
  }
  // The mask, alone in its row, is drawn at the size of the scores above it and the weights below
  // it (the same n × n cells), not stretched across the panel.
  const width = (id) => app.byId(id).locator('.heatmap').evaluate((e) => e.getBoundingClientRect().width);
  const [maskWidth, scoresWidth, weightsWidth] = [await width('matrix-mask'), await width('matrix-scaled'), await width('matrix-weights')];
  assert.ok(Math.abs(maskWidth - scoresWidth) < 2 && Math.abs(maskWidth - weightsWidth) < 2, `mask ${maskWidth}, scores ${scoresWidth}, weights ${weightsWidth}`);
  // Q, K and V share their rows, so their grids line up, whatever their labels' lengths.
  const bottom = (id) => app.byId(id).locator('.heatmap').evaluate((e) => e.getBoundingClientRect().bottom);
  const bottoms = [await bottom('matrix-q'), await bottom('matrix-k'), await bottom('matrix-v')];
  assert.ok(Math.max(...bottoms) - Math.min(...bottoms) < 2, `Q, K and V end at ${bottoms}`);
  const weights = await matrix(app, 'matrix-weights');
  for (let r = 0; r < n; r++) {
    const sum = weights.filter((c) => c.r === r).reduce((s, c) => s + c.v, 0);
    assert.ok(Math.abs(sum - 1) < 2e-3, `row ${r} of the weights sums to ${sum}`);
  }
  // The weights shown are the heatmap's (layer 1, head 1).
  const heatmap = await app.cells();
  assert.deepEqual(heatmap.map((c) => c.w.toFixed(4)), weights.map((c) => c.v.toFixed(4)));

  // The scale switch shows the seed's unscaled formula: other weights, same scores; and back.
  const scaledWeights = JSON.stringify(weights.map((c) => c.v));
  const scores = JSON.stringify((await matrix(app, 'matrix-scores')).map((c) => c.v));
  await app.byId('scale-toggle').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=qkv-panel]').dataset.scaled === 'false');
  // The panel paints its matrices a slice at a time (src/ui/paint_queue.rs): wait for the weights.
  const weightsNow = () => JSON.stringify([...document.querySelectorAll('[data-testid=matrix-weights] [data-value][data-row]')].map((c) => Number(c.dataset.value)));
  await app.page.waitForFunction(`(${weightsNow})() !== ${JSON.stringify(scaledWeights)}`);
  const unscaled = await matrix(app, 'matrix-weights');
  assert.notEqual(JSON.stringify(unscaled.map((c) => c.v)), scaledWeights);
  assert.equal(JSON.stringify((await matrix(app, 'matrix-scores')).map((c) => c.v)), scores);
  // Unscaled scores reach the softmax undivided: it is peakier (saturates).
  const peak = (cells) => {
    let total = 0;
    for (let r = 0; r < n; r++) total += Math.max(...cells.filter((c) => c.r === r).map((c) => c.v));
    return total / n;
  };
  assert.ok(peak(unscaled) > peak(weights), `unscaled ${peak(unscaled)} vs scaled ${peak(weights)}`);
  assert.match(await app.byId('saturation').textContent(), /\d/);
  await app.byId('scale-toggle').click();
  await app.page.waitForFunction(() => document.querySelector('[data-testid=qkv-panel]').dataset.scaled === 'true');
  await app.page.waitForFunction(`(${weightsNow})() === ${JSON.stringify(scaledWeights)}`, null, { timeout: 10_000 }).catch(() => {});
  assert.equal(JSON.stringify((await matrix(app, 'matrix-weights')).map((c) => c.v)), scaledWeights);

  // Hovering a score writes its dot product out.
  await app.page.locator('[data-testid=matrix-scores] [data-row="3"][data-col="2"]').hover();
  assert.match(await app.byId('dot-product').textContent(), /q\[4\] · k\[3\] = \(/);
  // …and lights its query's row and its key's column, here and in Q and K.
  const lit = (id) => app.page.$$eval(`[data-testid=${id}] [role=gridcell].lit`, (cs) => cs.map((c) => [Number(c.dataset.row), Number(c.dataset.col)]));
  const scoresLit = await lit('matrix-scores');
  assert.equal(scoresLit.length, 2 * n - 1);
  assert.ok(scoresLit.every(([r, c]) => r === 3 || c === 2), JSON.stringify(scoresLit));
  assert.deepEqual([...new Set((await lit('matrix-q')).map(([r]) => r))], [3]);
  assert.deepEqual([...new Set((await lit('matrix-k')).map(([r]) => r))], [2]);
  assert.equal((await lit('matrix-k')).length, dHead);
  // Off the grid, nothing stays lit.
  await app.page.locator('[data-testid=qkv-panel] h2').hover();
  await app.page.waitForFunction(() => document.querySelectorAll('[data-testid=qkv-panel] .lit').length === 0);

  // Head view: one line colour per head; switching a head off removes its lines.
  const lines = () => app.page.$$eval('[data-testid=head-view-line]', (ls) => ls.map((l) => Number(l.dataset.head)));
  assert.equal(await app.byId('head-view-toggle').count(), 2);
  assert.deepEqual([...new Set(await lines())].sort(), [0, 1]);
  await app.byId('head-view-toggle').nth(1).uncheck();
  assert.deepEqual([...new Set(await lines())], [0]);
  await app.byId('head-view-toggle').nth(1).check();
  // Pointing at a query word keeps only its lines.
  await app.page.locator('[data-testid=head-view-token][data-side=query]').nth(3).hover();
  const isolated = await app.page.$$eval('[data-testid=head-view-line]', (ls) => ls.map((l) => Number(l.dataset.q)));
  assert.ok(isolated.length > 0 && isolated.every((q) => q === 3), JSON.stringify(isolated));

  // Model view: layers × heads thumbnails; clicking one selects it everywhere.
  const thumbs = app.byId('model-view-cell');
  assert.equal(await thumbs.count(), 4);
  await app.page.locator('[data-testid=model-view-cell][data-layer="1"][data-head="1"]').click();
  assert.equal(await app.byId('layer-select').inputValue(), '1');
  assert.equal(await app.byId('head-select').inputValue(), '1');
  await app.page.waitForFunction(
    (before) => JSON.stringify([...document.querySelectorAll('[data-testid=matrix-weights] [data-row]')].map((c) => Number(c.dataset.value))) !== before,
    scaledWeights,
  );

  // Ablation: switching a head off recomputes validation at once (no training) and back again.
  const steps = await app.steps();
  const fullLoss = await app.value('val-loss');
  assert.equal(await app.byId('head-toggle').count(), 4);
  const toggle = app.page.locator('[data-testid=head-toggle][data-layer="0"][data-head="0"]');
  await toggle.click();
  await app.page.waitForFunction(
    (loss) => Number(document.querySelector('[data-testid=val-loss]').dataset.value) !== loss,
    fullLoss,
  );
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.equal(await app.steps(), steps, 'nothing was trained');
  assert.match(app.page.url(), /heads_off=L1H1/);
  assert.match(await app.byId('ablation-summary').textContent(), /L1H1/);
  await toggle.click();
  await app.page.waitForFunction(
    (loss) => Number(document.querySelector('[data-testid=val-loss]').dataset.value) === loss,
    fullLoss,
  );
  assert.doesNotMatch(app.page.url(), /heads_off=L/);

  // Embedding map: every word of the vocabulary, with the lesson's groups.
  const points = await app.page.$$eval('[data-testid=embedding-point]', (ps) =>
    ps.map((p) => ({ token: p.dataset.token, group: p.dataset.group, x: Number(p.dataset.x), y: Number(p.dataset.y) })),
  );
  assert.ok(points.length >= 20, `${points.length} points`);
  assert.ok(points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  assert.ok(points.some((p) => p.token === 'good' && p.group === 'positive'));
  assert.ok(points.some((p) => p.token === 'not' && p.group === 'negation'));
  assert.equal(await app.byId('embedding-none').count(), 0, 'a lesson of words has a map to draw');

  // Saliency beside attention, with the caution.
  const saliency = await app.page.$$eval('[data-testid=saliency-token]', (ts) => ts.map((t) => Number(t.dataset.value)));
  assert.equal(saliency.length, n);
  assert.ok(saliency.every(Number.isFinite) && saliency.some((s) => Math.abs(s) > 1e-3), JSON.stringify(saliency));
  assert.match(await app.byId('saliency').textContent(), /not why/);

  // Timeline: at least 10 snapshots; the slider replays each of them in the heatmap.
  const count = Number(await app.byId('timeline').getAttribute('data-count'));
  assert.ok(count >= 10, `${count} snapshots`);
  const slider = app.byId('timeline-slider');
  const replayed = new Set();
  for (let i = 0; i < count; i++) {
    await slider.fill(String(i));
    await app.page.waitForFunction((i) => document.querySelector('[data-testid=timeline-readout]').dataset.index === String(i), i);
    if (i < count - 1) replayed.add(JSON.stringify((await app.cells()).map((c) => c.w)));
  }
  assert.ok(replayed.size >= 5, `the replayed maps differ: ${replayed.size} distinct`);
  await slider.fill('0');
  assert.match(await app.byId('timeline-readout').textContent(), /1\/\d+ · Step 0 /);
  await app.byId('timeline-live').click();
  await app.page.waitForFunction((last) => document.querySelector('[data-testid=timeline-readout]').dataset.index === String(last), count - 1);
  // Play animates from the first snapshot to the live one.
  await app.byId('timeline-play').click();
  assert.equal(await app.byId('timeline-play').getAttribute('aria-pressed'), 'true');
  await app.page.waitForFunction(() => document.querySelector('[data-testid=timeline-play]').getAttribute('aria-pressed') === 'false', null, { timeout: 60_000 });
  assert.equal(await app.byId('timeline-readout').getAttribute('data-index'), String(count - 1));

  assert.deepEqual(app.errors, []);
});

test('heatmap cells are reached by arrow keys and announce their value; every matrix has a table', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?backend=cpu`);
  await app.ready();
  const n = SENTENCE.length;
  const first = app.page.locator('[data-testid=attention-cell][data-q="0"][data-k="0"]');
  assert.equal(await first.getAttribute('tabindex'), '0');
  assert.equal(await app.page.locator('[data-testid=attention-cell][tabindex="0"]').count(), 1, 'one tab stop');
  await first.focus();
  const focused = () =>
    app.page.evaluate(() => {
      const el = document.activeElement;
      return { q: el.dataset.q, k: el.dataset.k, label: el.getAttribute('aria-label'), role: el.getAttribute('role') };
    });
  await app.page.keyboard.press('ArrowRight');
  assert.deepEqual((({ q, k }) => ({ q, k }))(await focused()), { q: '0', k: '1' });
  await app.page.keyboard.press('ArrowDown');
  await app.page.keyboard.press('ArrowDown');
  let cell = await focused();
  assert.deepEqual([cell.q, cell.k, cell.role], ['2', '1', 'gridcell']);
  // Row, column, the number as written in the cell, then in full.
  const label = cell.label.match(/^was · food: (\.\d{2}) \((0\.\d{4})\)$/);
  assert.ok(label, cell.label);
  assert.equal(Number(label[1]).toFixed(2), Number(label[2]).toFixed(2));
  await app.page.keyboard.press('End');
  assert.equal((await focused()).k, String(n - 1));
  // The focused cell is announced in the readout too.
  assert.match(await app.page.locator('.attention-panel .readout').textContent(), /“was” → .* “great”: 0\.\d{4}/);
  assert.equal(await app.page.locator('[data-testid=attention-cell][tabindex="0"]').count(), 1);
  assert.equal(await app.page.locator('[data-testid=attention-map] [role=grid]').count(), 1);

  // "table" shows the same numbers as a table.
  const values = (await app.cells()).map((c) => c.w.toFixed(4));
  const weights = app.byId('matrix-weights');
  await weights.getByTestId('table-toggle').check();
  assert.equal(await weights.getAttribute('data-shown'), 'table');
  const tableValues = await weights.locator('td[data-value]').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value).toFixed(4)));
  assert.equal(tableValues.length, n * n);
  assert.deepEqual(tableValues, values);
  assert.ok(await app.page.locator('[data-testid=table-toggle]').count() >= 10, 'every matrix has the switch');
  assert.deepEqual(app.errors, []);
});

test('a language model’s panels, nearly 7,000 cells, are painted in full, a slice at a time, and agree with each other', async () => {
  const app = await Playground.open(ctx.browser, `${ctx.server.url}?lesson=charlm&backend=cpu`);
  await app.ready();
  // A grid says it is busy while its new numbers are being painted (and no longer once they are:
  // pausing waits for that).
  await app.page.evaluate(() => {
    window.busyGrids = 0;
    new MutationObserver((records) => {
      window.busyGrids += records.filter((r) => r.target.matches('[role=grid]') && r.oldValue === null).length;
    }).observe(document.body, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['aria-busy'] });
  });
  await app.byId('train-button').click();
  await app.waitForSteps(40);
  await pauseTraining(app);
  assert.ok(await app.page.evaluate(() => window.busyGrids) > 0, 'grids were marked busy while painted');
  const panelCells = await app.page.locator('[data-testid=qkv-panel] [role=gridcell]').count();
  assert.ok(panelCells > 6500, `${panelCells} cells`);
  // Every cell of every matrix gets its number, and the step-by-step weights are the attention
  // map's (layer 1, head 1), though the panel paints over several tasks.
  await app.page.waitForFunction(() => {
    const values = (selector) => [...document.querySelectorAll(selector)].map((c) => c.dataset.value);
    const cells = values('[data-testid=qkv-panel] [role=gridcell]');
    const weights = values('[data-testid=matrix-weights] [role=gridcell]');
    return (
      cells.length > 0 &&
      cells.every((v) => v !== undefined && Number.isFinite(Number(v))) &&
      weights.length > 0 &&
      JSON.stringify(weights) === JSON.stringify(values('[data-testid=attention-cell]'))
    );
  }, null, { timeout: 30_000 });
  // The model view's thumbnail of layer 1, head 1 is the same map, one pixel per weight, in the
  // colours of the attention map's cells.
  const mismatches = await app.page.evaluate(() => {
    const canvas = document.querySelector('[data-testid=model-view-cell][data-layer="0"][data-head="0"] canvas');
    const n = Number(document.querySelector('[data-testid=attention-map] [role=grid]').dataset.rows);
    if (canvas.width !== n || canvas.height !== n) return [`canvas ${canvas.width}×${canvas.height}, map ${n}×${n}`];
    const pixels = canvas.getContext('2d').getImageData(0, 0, n, n).data;
    const wrong = [];
    for (const cell of document.querySelectorAll('[data-testid=attention-cell]')) {
      const [q, k] = [Number(cell.dataset.q), Number(cell.dataset.k)];
      const rgb = cell.style.backgroundColor.match(/\d+/g).map(Number);
      const at = (q * n + k) * 4;
      const pixel = [pixels[at], pixels[at + 1], pixels[at + 2]];
      if (pixel.some((v, i) => v !== rgb[i])) wrong.push(`${q},${k}: ${pixel} vs ${rgb}`);
    }
    return wrong;
  });
  assert.deepEqual(mismatches, []);
  // Back from the table, a matrix's new grid is painted again, with the same numbers.
  const q = app.byId('matrix-q');
  const numbers = () => q.locator('[role=gridcell]').evaluateAll((cs) => cs.map((c) => c.dataset.value));
  const before = await numbers();
  await q.getByTestId('table-toggle').check();
  // The table is not announced as busy (the view may show it in the grid's element).
  await app.page.waitForFunction(() => document.querySelector('[data-testid=matrix-q] table') && !document.querySelector('[data-testid=matrix-q] [aria-busy]'));
  await q.getByTestId('table-toggle').uncheck();
  await app.page.waitForFunction(
    (expected) =>
      !document.querySelector('[data-testid=matrix-q] [aria-busy=true]') &&
      JSON.stringify([...document.querySelectorAll('[data-testid=matrix-q] [role=gridcell]')].map((c) => c.dataset.value)) === expected,
    JSON.stringify(before),
  );
  assert.deepEqual(app.errors, []);
});
