import { serve, launch, Playground } from './harness.mjs';
const server = await serve();
const browser = await launch({ webgpu: false });
const lessons = (process.argv[2] ?? 'signal,multimodal').split(',');
for (let round = 0; round < 2; round++) for (const lesson of lessons) {
  const app = await Playground.open(browser, `${server.url}?lesson=${lesson}&backend=cpu`);
  await app.ready();
  const cdp = await app.page.context().newCDPSession(app.page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-v8.cpu_profiler', transferMode: 'ReportEvents' });
  await app.byId('train-button').click();
  await app.page.waitForTimeout(10000);
  await app.byId('train-button').click();
  await cdp.send('Tracing.end');
  await done;
  const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const tasks = mine.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.dur > 25000);
  // CPU profile samples on the main thread.
  const nodes = new Map(); const samples = [];
  const prof = events.find((e) => e.name === 'Profile' && e.pid === main.pid && e.tid === main.tid);
  globalThis.t0 = prof.args.data.startTime;
  for (const e of events.filter((e) => e.pid === main.pid && e.name === 'ProfileChunk' && e.id === prof.id)) {
    const d = e.args.data;
    for (const n of d.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    let t = globalThis.tLast ?? globalThis.t0;
    const ids = d.cpuProfile?.samples ?? []; const deltas = d.timeDeltas ?? [];
    for (let i = 0; i < ids.length; i++) { t += deltas[i]; samples.push([t, ids[i]]); }
    globalThis.tLast = t;
  }
  globalThis.tLast = undefined;
  const stack = (id) => { const out = []; let n = nodes.get(id); while (n) { out.push(n.callFrame.functionName || '(anon)'); n = nodes.get(n.parent); } return out; };
  for (const t of tasks) {
    const inside = samples.filter(([ts]) => ts >= t.ts && ts <= t.ts + t.dur);
    const incl = {};
    for (const [, id] of inside) for (const f of new Set(stack(id))) incl[f] = (incl[f] ?? 0) + 1;
    const top = Object.entries(incl).sort((a, b) => b[1] - a[1]).slice(0, 40).map(([n, c]) => `${c} ${n.slice(0, 110)}`);
    console.log(`${lesson} ${round} task ${(t.dur / 1000).toFixed(1)} ms, ${inside.length} samples:\n  ${top.join('\n  ')}`);
  }
  if (!tasks.length) console.log(lesson, round, 'no task > 35 ms');
  await app.page.close();
}
await browser.close();
server.close();
