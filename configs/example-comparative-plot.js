// Example plotting module for `comparative-analyzer -c configs/example-comparative-plot.js`.
//
// The analyzer imports this file and awaits `comparativePlotting(input)` with the merged data:
//   input.tests       per-test summary rows (test, category, rate, count, throughput, latency_p50, latency_p99, cold_share, ...)
//   input.perf        combined activation table rows (test, func_name, start_rel_s, latency, cold, ...)
//   input.stats       combined stat summary rows (test, func_name, latency_p50, execution_mean, ...)
//   input.monitoring  combined monitoring records (test, metric, t, value, ...)
//   input.runs        the archives themselves ({ test, category, file, archive })
//   input.outDir      folder to write into (it exists; --plots-dir, default ./comparison_plots)
//
// It draws with chart.js on @napi-rs/canvas (no display needed). Copy it anywhere: it needs only
// those two packages to be resolvable from where it lives.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables } from 'chart.js';

Chart.register(...registerables);

/** Median and 99th-percentile latency of every test, side by side. */
export async function comparativePlotting({ tests, outDir }) {
  const width = 1200;
  const height = 700;
  const canvas = createCanvas(width, height);
  const chart = new Chart(canvas.getContext('2d'), {
    type: 'bar',
    data: {
      labels: tests.map((t) => t.test),
      datasets: [
        { label: 'p50 latency (ms)', data: tests.map((t) => t.latency_p50), backgroundColor: '#1f77b4' },
        { label: 'p99 latency (ms)', data: tests.map((t) => t.latency_p99), backgroundColor: '#ff7f0e' },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      plugins: {
        title: { display: true, text: 'Latency percentiles per test', font: { size: 18 } },
        legend: { position: 'bottom' },
      },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'latency (ms)' } } },
    },
    plugins: [
      {
        // PNGs with a transparent background look broken in viewers and papers.
        id: 'white-background',
        beforeDraw: ({ ctx }) => {
          ctx.save();
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(0, 0, width, height);
          ctx.restore();
        },
      },
    ],
  });
  const path = join(outDir, 'latency_percentiles_by_test.png');
  await writeFile(path, canvas.toBuffer('image/png'));
  chart.destroy();
  console.log(`wrote ${path}`);
}
