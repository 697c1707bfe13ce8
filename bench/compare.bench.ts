/**
 * comparative-analyzer at scale: 100 archives of 10,000 activations each (1 million rows) written
 * to a temporary folder with the real writer, then merged and summarised by the real CLI as a
 * subprocess (no -p), once printing only, once also writing the CSV files.
 * Target: under 10 s for the CLI on this machine; peak RSS reported.
 * Smaller runs: BENCH_COMPARE_ARCHIVES, BENCH_COMPARE_ACTIVATIONS.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeArchive } from '../src/archive/write.js';
import { makeArchive } from '../tests/fixtures/archives/make.js';
import { peakRssMiB, printTable, writeResults, type Row } from './report.js';

const ARCHIVES = Number(process.env.BENCH_COMPARE_ARCHIVES ?? 100);
const ACTIVATIONS = Number(process.env.BENCH_COMPARE_ACTIVATIONS ?? 10_000);
const TARGET_S = 10;
const BIN = fileURLToPath(new URL('../bin/comparative-analyzer.js', import.meta.url));
// The child reports its own peak RSS and CPU time on exit (Node exposes no rusage of children).
// CPU time is the figure to trust when other work shares the machine; wall time is the target's.
const REPORT_USAGE =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of a preloaded module
  'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write(`bench-usage=${u.maxRSS},${u.userCPUTime+u.systemCPUTime}\\n`)})';

const dir = await mkdtemp(join(tmpdir(), 'compare-bench-'));
try {
  // 10 experiments × 10 rates, so categories and the rate axis both have something to merge.
  let t0 = performance.now();
  const created0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < ARCHIVES; i++) {
    const rate = 10 * (1 + (i % 10));
    const experiment = `exp${Math.floor(i / 10)}`;
    const archive = makeArchive({
      testName: `${experiment}_${rate}ps`,
      createdMs: created0 + i * 60_000,
      functions: [
        { name: `${experiment}_a`, rate: rate / 2, count: ACTIVATIONS / 2, coldEvery: 97, latencyMs: 20 },
        {
          name: `${experiment}_b`,
          rate: rate / 2,
          count: ACTIVATIONS / 2,
          coldEvery: 89,
          latencyMs: 35,
          errorEvery: 501,
        },
      ],
    });
    await writeArchive(archive, dir);
  }
  const writeS = (performance.now() - t0) / 1000;
  const files = await readdir(dir);
  const totalMiB =
    (await Promise.all(files.map(async (f) => (await stat(join(dir, f))).size))).reduce((a, b) => a + b, 0) / 2 ** 20;

  async function runCli(extra: string[]): Promise<{ seconds: number; cpuSeconds: number; rssMiB: number }> {
    const start = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', REPORT_USAGE, BIN, '--archive-dir', dir, '--logs-dir', join(dir, 'logs'), ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdoutBytes += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (performance.now() - start) / 1000;
    if (code !== 0 || stdoutBytes === 0) throw new Error(`comparative-analyzer exited ${code}: ${stderr}`);
    const [, kib, cpuUs] = /bench-usage=(\d+),(\d+)/.exec(stderr) ?? [];
    return { seconds, cpuSeconds: Number(cpuUs) / 1e6, rssMiB: Number(kib) / 1024 };
  }

  t0 = performance.now();
  const plain = await runCli([]);
  const withCsv = await runCli(['--csv', join(dir, 'csv')]);
  const csvMiB =
    (
      await Promise.all((await readdir(join(dir, 'csv'))).map(async (f) => (await stat(join(dir, 'csv', f))).size))
    ).reduce((a, b) => a + b, 0) /
    2 ** 20;

  const rows: Row[] = [
    {
      step: `write ${ARCHIVES} archives (writeArchive, in-process)`,
      seconds: writeS,
      'CPU s': '-',
      'peak RSS MiB': peakRssMiB(),
      'data MiB': totalMiB,
      target: '-',
    },
    {
      step: 'comparative-analyzer (merge + summarise + print)',
      seconds: plain.seconds,
      'CPU s': plain.cpuSeconds,
      'peak RSS MiB': plain.rssMiB,
      'data MiB': totalMiB,
      target: plain.seconds < TARGET_S ? `< ${TARGET_S} s: ok` : `< ${TARGET_S} s: MISSED`,
    },
    {
      step: 'comparative-analyzer --csv DIR',
      seconds: withCsv.seconds,
      'CPU s': withCsv.cpuSeconds,
      'peak RSS MiB': withCsv.rssMiB,
      'data MiB': csvMiB,
      target: '-',
    },
  ];
  printTable(`comparative-analyzer: ${ARCHIVES} archives × ${ACTIVATIONS.toLocaleString('en-US')} activations`, rows);
  writeResults('compare', { archives: ARCHIVES, activationsPerArchive: ACTIVATIONS, rows });
} finally {
  await rm(dir, { recursive: true, force: true });
}
