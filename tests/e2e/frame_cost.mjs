// Frame cost, not frame rate: the main-thread time the page spends per frame, read from a
// trace of the Chrome DevTools Protocol. Headless Chromium paces requestAnimationFrame at
// the display rate, so frame intervals say 16.7 ms whether a frame took 1 ms or 15 ms of
// work; the trace's top-level tasks on the renderer's main thread say how much it took.

// Trace categories: top-level tasks (`RunTask`) and the main thread's frame starts.
const CATEGORIES = [
  '-*',
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
].join(',');

// Runs `action` while the page is traced; returns the main-thread time of each frame (ms)
// with its median, 95th percentile and longest, and the busy time in all.
export async function traceFrameCost(page, action) {
  return frameCosts(await traced(page, action));
}

// Where the main thread's time went while `action` ran, by kind of work (see `KINDS`).
export async function traceWork(page, action) {
  const events = await traced(page, action);
  const { pid, tid } = mainThread(events);
  return workByKind(events.filter((e) => e.pid === pid && e.tid === tid), -Infinity);
}

// The trace events recorded while `action` ran.
async function traced(page, action) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await action();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return events;
}

// The renderer main thread of the traced page: the `CrRendererMain` thread of the process
// that the trace names for the page's top frame.
function mainThread(events) {
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const top = started?.args?.data?.frames?.find((f) => !f.parent);
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = mains.find((m) => top && m.pid === top.processId);
  if (!main) throw new Error(`no renderer main thread in the trace (${mains.length} candidates, top frame ${JSON.stringify(top)})`);
  return { pid: main.pid, tid: main.tid };
}

// Splits the main thread's top-level tasks into frames: a frame runs from one
// `BeginMainThreadFrame` to the next, and costs the time of the tasks that start in it.
export function frameCosts(events) {
  const { pid, tid } = mainThread(events);
  const onMain = events.filter((e) => e.pid === pid && e.tid === tid);
  const tasks = onMain
    .filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
    .sort((a, b) => a.ts - b.ts);
  // Nested task events (one RunTask inside another) are counted once, by the outer one.
  const topLevel = [];
  let end = -Infinity;
  for (const t of tasks) {
    if (t.ts >= end) {
      topLevel.push(t);
      end = t.ts + (t.dur ?? 0);
    }
  }
  const starts = onMain.filter((e) => e.name === 'BeginMainThreadFrame').map((e) => e.ts).sort((a, b) => a - b);
  if (starts.length < 2) throw new Error(`the trace holds ${starts.length} main-thread frames`);
  const frames = new Array(starts.length - 1).fill(0);
  let k = 0;
  for (const t of topLevel) {
    while (k + 1 < starts.length && t.ts >= starts[k + 1]) k++;
    if (t.ts >= starts[0] && k < frames.length) frames[k] += (t.dur ?? 0) / 1000;
  }
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  const busy = topLevel.reduce((sum, t) => sum + (t.dur ?? 0) / 1000, 0);
  return {
    frames,
    median: at(0.5),
    p95: at(0.95),
    longest: sorted[sorted.length - 1] ?? 0,
    busy,
    work: workByKind(onMain, starts[0]),
  };
}

// Where the main thread's time went, by kind of work: script (event handlers, timers and
// animation frames, which run the app's wasm), style, layout, paint, compositing and garbage
// collection, in milliseconds over the whole gesture. Kinds nest only within themselves
// (a script inside a script counts once).
const KINDS = {
  script: ['EventDispatch', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'v8.callFunction'],
  style: ['UpdateLayoutTree', 'RecalculateStyles'],
  layout: ['Layout'],
  prePaint: ['PrePaint'],
  paint: ['Paint', 'PaintImage'],
  composite: ['Layerize', 'Commit', 'UpdateLayer', 'CompositeLayers'],
  hitTest: ['HitTest'],
  gc: ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'V8.GC_MARK_COMPACTOR'],
};
function workByKind(onMain, from) {
  const work = {};
  for (const [kind, names] of Object.entries(KINDS)) {
    const spans = onMain
      .filter((e) => e.ph === 'X' && e.ts >= from && names.includes(e.name))
      .sort((a, b) => a.ts - b.ts);
    let total = 0;
    let end = -Infinity;
    for (const e of spans) {
      if (e.ts >= end) {
        total += (e.dur ?? 0) / 1000;
        end = e.ts + (e.dur ?? 0);
      }
    }
    work[kind] = Math.round(total * 10) / 10;
  }
  return work;
}
