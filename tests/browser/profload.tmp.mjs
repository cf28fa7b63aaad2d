import { serve, launch } from './harness.mjs';
const server = await serve();
const browser = await launch({ webgpu: false });
const page = await browser.newPage();
await page.addInitScript(() => localStorage.setItem('attention-playground.tour-seen', '1'));
const cdp = await page.context().newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-v8.cpu_profiler', transferMode: 'ReportEvents' });
await page.goto(`${server.url}?lesson=${process.argv[2] ?? 'charlm'}&backend=cpu`);
await page.waitForTimeout(4000);
await cdp.send('Tracing.end');
await done;
const mains = events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
const busy = (m) => events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'RunTask').reduce((a, e) => a + (e.dur ?? 0), 0);
const main = mains.sort((a, b) => busy(b) - busy(a))[0];
const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
const tasks = mine.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.dur > 100000);
const prof = events.find((e) => e.name === 'Profile' && e.pid === main.pid && e.tid === main.tid);
const nodes = new Map(); const samples = []; let t = prof.args.data.startTime;
for (const e of events.filter((e) => e.name === 'ProfileChunk' && e.id === prof.id)) {
  for (const n of e.args.data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
  const ids = e.args.data.cpuProfile?.samples ?? []; const dl = e.args.data.timeDeltas ?? [];
  for (let i = 0; i < ids.length; i++) { t += dl[i]; samples.push([t, ids[i]]); }
}
const stack = (id) => { const out = []; let n = nodes.get(id); while (n) { out.push(n.callFrame.functionName || '(anon)'); n = nodes.get(n.parent); } return out; };
for (const task of tasks) {
  const inside = samples.filter(([ts]) => ts >= task.ts && ts <= task.ts + task.dur);
  const incl = {}; const self = {};
  for (const [, id] of inside) { const s = stack(id); self[s[0]] = (self[s[0]] ?? 0) + 1; for (const f of new Set(s)) incl[f] = (incl[f] ?? 0) + 1; }
  const keep = (n) => /attention_playground|__wbg|GC|garbage|program|Layout|setAttribute|addEventListener|appendChild|createElement|closure|tachys::html::event/.test(n);
  console.log(`task ${(task.dur / 1000).toFixed(0)} ms, ${inside.length} samples`);
  console.log(' inclusive:\n  ' + Object.entries(incl).filter(([n]) => keep(n)).sort((a, b) => b[1] - a[1]).slice(0, 30).map(([n, c]) => `${c} ${n.slice(0, 120)}`).join('\n  '));
  console.log(' self:\n  ' + Object.entries(self).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([n, c]) => `${c} ${n.slice(0, 120)}`).join('\n  '));
}
await browser.close(); server.close();
