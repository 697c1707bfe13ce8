// sleep: waits `ms` milliseconds (default 100) without using the CPU.
function main(params) {
  const ms = Math.max(0, Number(params.ms ?? 100));
  console.log(`sleeping ${ms} ms`);
  return new Promise((resolve) => setTimeout(() => resolve({ slept: ms }), ms));
}
