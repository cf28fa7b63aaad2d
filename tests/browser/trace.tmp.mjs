import { serve, launch, Playground } from './harness.mjs';
const server = await serve();
const browser = await launch({ webgpu: false });
const lessons = (process.argv[2] ?? 'signal,multimodal').split(',');
for (let round = 0; round < 3; round++) for (const lesson of lessons) {
  const app = await Playground.open(browser, `${server.url}?lesson=${lesson}&backend=cpu`);
  await app.ready();
  const cdp = await app.page.context().newCDPSession(app.page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8,v8.execute,disabled-by-default-devtools.timeline,blink.user_timing', transferMode: 'ReportEvents' });
  await app.byId('train-button').click();
  await app.page.waitForTimeout(10000);
  await app.byId('train-button').click();
  await cdp.send('Tracing.end');
  await done;
  const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = mine.filter((e) => e.name === 'RunTask' && e.dur > 45000);
  for (const t of tasks) {
    const inside = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur);
    const by = {};
    for (const e of inside) by[e.name] = (by[e.name] ?? 0) + (e.dur ?? 0);
    const top = Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`);
    console.log(lesson, round, `task ${(t.dur / 1000).toFixed(1)} ms:`, top.join(' | '));
    const fns = inside.filter((e) => e.name === 'FunctionCall' || e.name === 'TimerFire' || e.name === 'FireAnimationFrame' || e.name === 'EventDispatch').map((e) => `${e.name} ${(e.dur/1000).toFixed(1)} ${JSON.stringify(e.args?.data ?? {}).slice(0, 160)}`);
    console.log('   ', fns.slice(0, 8).join('\n    '));
  }
  if (!tasks.length) console.log(lesson, round, 'no task > 45 ms');
  await app.page.close();
}
await browser.close();
server.close();
