// azure-trace: stands in for one function of the Azure Functions 2019 trace. Its percentiles are
// bound at deploy time (`durations_ms` and `memory_mb`, each {levels: [...], values: [...]}, levels
// in 0–100). Each invocation draws a run time and a memory size piecewise uniformly between
// neighbouring percentiles, then holds that much memory (capped at `memory_cap_mb`, below the
// action's memory limit) and keeps the CPU busy until the run time is over.

// Memory stays allocated between invocations of a warm container (as the trace's allocated
// memory does); it is grown and touched only when a draw is larger than what is held.
let held = Buffer.alloc(0);

function draw(table) {
  const { levels, values } = table;
  const u = Math.random() * 100;
  if (u <= levels[0]) return values[0];
  for (let i = 1; i < levels.length; i++) {
    if (u <= levels[i]) {
      const f = (u - levels[i - 1]) / (levels[i] - levels[i - 1]);
      return values[i - 1] + f * (values[i] - values[i - 1]);
    }
  }
  return values[values.length - 1];
}

function main(params) {
  const start = performance.now();
  const durationMs = draw(params.durations_ms);
  const cap = Number(params.memory_cap_mb ?? 128);
  const memoryMb = params.memory_mb ? Math.min(draw(params.memory_mb), cap) : 0;
  const bytes = Math.round(memoryMb * 1024 * 1024);
  if (bytes > held.length) {
    held = Buffer.allocUnsafe(bytes);
    held.fill(1); // commit the pages
  }
  const end = start + durationMs;
  let x = 1;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) x = (x * 1103515245 + 12345) >>> 0;
  }
  return { duration_ms: durationMs, memory_mb: memoryMb, x };
}
