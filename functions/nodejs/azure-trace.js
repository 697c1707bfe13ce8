// azure-trace: stands in for one function of the Azure Functions 2019 trace. Its percentiles are
// bound at deploy time (`durations_ms` and `memory_mb`, each {levels: [...], values: [...]}, levels
// in 0–100). Each invocation draws a run time and a memory size piecewise uniformly between
// neighbouring percentiles, uses that much memory (capped at `memory_cap_mb`, below the action's
// memory limit) and keeps the CPU busy until the run time is over.
//
// The first invocation of a container (the cold start) allocates and commits the largest memory
// the function may draw; later ones write one byte per page of their draw. Growing the buffer on
// demand instead cost up to 0.5 s per growth here, far more than the run times being replayed.

const PAGE = 4096;
let held = null;

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

const bytes = (mb) => Math.round(mb * 1024 * 1024);

function main(params) {
  const start = performance.now();
  const durationMs = draw(params.durations_ms);
  const cap = Number(params.memory_cap_mb ?? 128);
  const memory = params.memory_mb;
  if (held === null) {
    held = Buffer.alloc(memory ? bytes(Math.min(memory.values[memory.values.length - 1], cap)) : 0);
    held.fill(1); // commit the pages
  }
  const memoryMb = memory ? Math.min(draw(memory), cap) : 0;
  for (let i = 0; i < Math.min(bytes(memoryMb), held.length); i += PAGE) held[i]++;
  const end = start + durationMs;
  let x = 1;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) x = (x * 1103515245 + 12345) >>> 0;
  }
  return { duration_ms: durationMs, memory_mb: memoryMb, x };
}
