// What the benchmark's WebGPU runs need to know about the browser's adapter: whether it is a
// software one, and so how many steps a run can afford.

/** The WebGPU adapter as seen from `page` (any page of a secure origin), `{ fallback, name }`, or
 * null where the browser offers none. */
export async function webgpuAdapter(page) {
  return page.evaluate(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    if (!adapter) return null;
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
    return { fallback: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter), name };
  });
}

/**
 * Warm-up and timed steps of a WebGPU run: the spec's (`warmup`, `steps`) on a GPU, 2 + 10 on a
 * software adapter (SwiftShader takes seconds per bench-small step); `webgpuWarmup` and
 * `webgpuSteps`, where given, either way.
 */
export function webgpuSteps(adapter, { warmup, steps, webgpuWarmup, webgpuSteps: timed }) {
  const soft = !adapter || adapter.fallback;
  return {
    warmup: webgpuWarmup ?? (soft ? 2 : warmup),
    steps: timed ?? (soft ? 10 : steps),
  };
}
