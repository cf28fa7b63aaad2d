// Test harness: serves the built site (dist/) under a sub-path, as a static host would, and
// drives the system's Chromium through playwright-core. No browser download, no network.
import { createServer } from 'node:http';
import { readFile, stat, mkdtemp } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { before, after, beforeEach, afterEach } from 'node:test';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = process.env.AP_DIST ?? join(ROOT, 'dist');
export const PREFIX = '/playground/';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Serves DIST at http://127.0.0.1:<port>/playground/. Resolves to { url, close }. */
export async function serve() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === PREFIX.slice(0, -1)) {
      res.writeHead(301, { location: PREFIX });
      return res.end();
    }
    if (!path.startsWith(PREFIX)) {
      res.writeHead(404);
      return res.end('not found');
    }
    let file = normalize(join(DIST, path.slice(PREFIX.length)));
    if (!file.startsWith(DIST)) {
      res.writeHead(403);
      return res.end();
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  return { url, close: () => new Promise((ok) => server.close(ok)) };
}

/** Flags that keep a test browser quiet: no sandbox (containers), no first-run or network chatter. */
const QUIET_FLAGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * The Chromium flags of the peers' TensorFlow.js driver (bench/peers/tfjs/run_tfjs.js): WebGPU on
 * whatever the machine offers, its GPU where Chromium finds one, SwiftShader (WebGPU emulated on
 * the processor) where it does not. The benchmark launches its WebGPU browser with these, so that
 * both sides of a comparison run on the same adapter.
 */
export const PEER_FLAGS = ['--enable-unsafe-webgpu', ...QUIET_FLAGS];

/**
 * Headless Chromium. `webgpu: false`: no WebGPU, and the GPU switched off (`--disable-gpu`), as
 * the CPU-path tests want it. `webgpu: true`: WebGPU with the GPU still switched off, which leaves
 * SwiftShader (the tests'). `webgpu: 'system'`: the peers' flags, the benchmark's. `args`: more
 * flags, e.g. what a machine's GPU driver needs.
 */
export async function launch({ webgpu = false, args: extra = [] } = {}) {
  const args =
    webgpu === 'system'
      ? [...PEER_FLAGS]
      : [...QUIET_FLAGS, '--disable-gpu', ...(webgpu ? ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'] : [])];
  args.push(...extra);
  const userDataDir = await mkdtemp(join(tmpdir(), 'ap-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: { width: 1360, height: 1000 },
    acceptDownloads: true,
  });
  // Names this browser's processes on the command line (the long-run measurement finds them so).
  context.userDataDir = userDataDir;
  return context;
}

/**
 * For a test file: serves the site and launches Chromium before its tests, closes both after.
 * Returns an object whose `server` and `browser` are set once the tests run.
 */
export function setup({ webgpu = false } = {}) {
  const context = {};
  before(async () => {
    context.server = await serve();
    context.browser = await launch({ webgpu });
  });
  after(async () => {
    await context.browser?.close();
    await context.server?.close();
  });
  // The pages a test opened are closed after it: the pages of one browser share its storage, and
  // an open page keeps its model there a few seconds after it changed, so a page left open could
  // overwrite the model that the next test keeps (and would go on using the processor).
  let earlier = new Set();
  beforeEach(() => {
    earlier = new Set(context.browser?.pages() ?? []);
  });
  afterEach(async () => {
    for (const page of context.browser?.pages() ?? []) {
      if (!earlier.has(page)) await page.close();
    }
  });
  return context;
}

/** Runs in a page before the app: deletes the kept model, the first time this tab loads. */
export function forgetKeptModel() {
  if (!sessionStorage.getItem('ap-test-tab')) {
    sessionStorage.setItem('ap-test-tab', '1');
    indexedDB.deleteDatabase('attention-playground');
  }
}

/**
 * Runs in a page before the app: lets a test hold back the messages that workers post to the page
 * (`apWorkerNews.hold()`) and deliver them later, in order (`apWorkerNews.release()`).
 */
export function holdWorkerNews() {
  const held = [];
  let holding = false;
  window.apWorkerNews = {
    hold: () => (holding = true),
    release: () => {
      holding = false;
      held.splice(0).forEach((deliver) => deliver());
    },
  };
  window.Worker = class extends window.Worker {
    set onmessage(handler) {
      super.onmessage = handler && ((event) => (holding ? held.push(() => handler.call(this, event)) : handler.call(this, event)));
    }
    get onmessage() {
      return super.onmessage;
    }
  };
}

/** A page object over the app's data-testid hooks. Collects console errors and page errors. */
export class Playground {
  constructor(page) {
    this.page = page;
    this.errors = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.errors.push(`page error: ${err.message}`));
    page.on('worker', (worker) => {
      worker.on('console', (msg) => {
        if (msg.type() === 'error') this.errors.push(`worker console: ${msg.text()}`);
      });
    });
  }

  /**
   * Opens `url` in a new page; the first-visit tour is marked as seen unless `tour` is set. The
   * model an earlier test kept in the browser is forgotten first (once per tab, so that a reload
   * finds what this test kept). `init` scripts run in the page before the app does.
   */
  static async open(context, url, { tour = false, init = [] } = {}) {
    const page = await context.newPage();
    await page.addInitScript(forgetKeptModel);
    for (const script of init) await page.addInitScript(script);
    if (!tour) {
      await page.addInitScript(() => localStorage.setItem('attention-playground.tour-seen', '1'));
    }
    const playground = new Playground(page);
    await playground.page.goto(url);
    await playground.page.getByTestId('train-button').waitFor();
    return playground;
  }

  /**
   * Opens `url`, trains until at least `steps`, saves the model as a file and closes the page:
   * the file's bytes, the step it was saved at and its validation loss.
   */
  static async trainedModelFile(context, url, steps) {
    const app = await Playground.open(context, url);
    await app.ready();
    const trained = await app.trainTo(steps);
    const validationLoss = await app.value('val-loss');
    const { bytes } = await app.saveModel();
    await app.page.close();
    return { bytes, trained, validationLoss };
  }

  byId(id) {
    return this.page.getByTestId(id);
  }

  /** The raw number an element carries in data-value (NaN when empty). */
  async value(id) {
    const raw = await this.byId(id).first().getAttribute('data-value');
    return raw === null || raw === '' ? NaN : Number(raw);
  }

  /** Waits until the backend badge names a backend, and returns its text and tooltip. */
  async backend(timeout = 120_000) {
    const badge = this.byId('backend');
    await this.page.waitForFunction(
      () => /WebGPU|CPU/.test(document.querySelector('[data-testid=backend]')?.textContent ?? ''),
      null,
      { timeout },
    );
    return { text: await badge.textContent(), title: await badge.getAttribute('title') };
  }

  /**
   * Waits until the model has been evaluated once: a validation loss and the probe are shown, and
   * every matrix has painted them (matrices paint a slice at a time, after the numbers arrive).
   */
  async ready(timeout = 120_000) {
    await this.page.waitForFunction(
      () =>
        document.querySelector('[data-testid=val-loss]')?.getAttribute('data-value') &&
        document.querySelector('[data-testid=attention-cell][data-value]') &&
        !document.querySelector('[role=grid][aria-busy=true]'),
      null,
      { timeout },
    );
  }

  async steps() {
    return this.value('step-count');
  }

  async waitForSteps(n, timeout = 120_000) {
    await this.page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=step-count]')?.getAttribute('data-value')) >= n,
      n,
      { timeout },
    );
  }

  /** Waits until a validation result newer than `step` is shown. */
  async waitForValidationAfter(step, timeout = 120_000) {
    await this.page.waitForFunction(
      (step) => {
        const points = document.querySelectorAll('[data-testid=accuracy-chart] circle').length;
        const steps = Number(document.querySelector('[data-testid=step-count]')?.getAttribute('data-value'));
        return points >= 2 && steps > step;
      },
      step,
      { timeout },
    );
  }

  /** Trains until at least `n` steps, then pauses; returns the step it paused at. */
  async trainTo(n) {
    await this.byId('train-button').click();
    await this.waitForSteps(n);
    await this.byId('train-button').click();
    await this.page.waitForFunction(() => /^(Train|训练)$/.test(document.querySelector('[data-testid=train-button]').textContent.trim()));
    await this.settled();
    return this.steps();
  }

  /**
   * Waits until the probe's reading is of the model as it is now (not of an earlier step), and
   * every matrix shows it (none is still painting).
   */
  async settled(timeout = 60_000) {
    await this.page.waitForFunction(
      () => {
        const step = document.querySelector('[data-testid=step-count]')?.dataset.value;
        const probe = document.querySelector(
          ['probe-prediction', 'probe-output', 'probe-value', 'translation-output'].map((id) => `[data-testid=${id}][data-step]`).join(', '),
        );
        return (!probe || probe.dataset.step === step) && !document.querySelector('[role=grid][aria-busy=true]');
      },
      null,
      { timeout },
    );
  }

  /** What the model answers for the probe: the label and each class's probability as shown. */
  async prediction() {
    return {
      label: await this.byId('probe-prediction').getAttribute('data-value'),
      probabilities: await this.page.$$eval('[data-testid=probe-probability]', (bars) => bars.map((b) => b.dataset.value)),
    };
  }

  /** Presses Save model; returns the offered file's name and bytes. */
  async saveModel() {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.byId('save-model').click()]);
    return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
  }

  /**
   * Picks `bytes` as a model file and chooses `backend` while it is still loading. The page must
   * have been opened with `init: [holdWorkerNews]`: what the workers tell the page is held back
   * from the moment the file is picked until the page has started a fresh worker for the new
   * backend, then delivered in order, as a slow load (a big model, a slow GPU) would deliver it.
   */
  async loadModelSwitchingBackend(name, bytes, backend) {
    await this.page.evaluate(() => window.apWorkerNews.hold());
    await this.byId('load-model').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
    await this.page.waitForFunction(() => /^Loading/.test(document.querySelector('[data-testid=model-status]')?.textContent ?? ''));
    const started = this.page.waitForEvent('worker', { timeout: 60_000 });
    await this.byId('backend-select').selectOption(backend);
    await started;
    await this.page.evaluate(() => window.apWorkerNews.release());
  }

  async trainButtonText() {
    return (await this.byId('train-button').textContent()).trim();
  }

  async probe(text) {
    await this.byId('probe-input').fill(text);
  }

  /**
   * The tokens of the probe as shown, once they equal `expected` (waits for the model) and every
   * matrix has painted them.
   */
  async waitForProbeTokens(expected, timeout = 60_000) {
    await this.page.waitForFunction(
      (expected) => {
        const tokens = [...document.querySelectorAll('[data-testid=probe-token]')].map((t) => t.textContent.trim());
        return JSON.stringify(tokens) === JSON.stringify(expected) && !document.querySelector('[role=grid][aria-busy=true]');
      },
      expected,
      { timeout },
    );
  }

  async cells() {
    return this.page.$$eval('[data-testid=attention-cell]', (cells) =>
      cells.map((c) => ({ q: Number(c.dataset.q), k: Number(c.dataset.k), w: Number(c.dataset.value) })),
    );
  }
}
