import { writeFile } from 'node:fs/promises';
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';

Chart.register(...registerables);

/** A white background: PNGs are read in viewers and papers, where transparent looks broken. */
const whiteBackground = {
  id: 'whiteBackground',
  beforeDraw(chart: Chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export interface RenderOptions {
  readonly width?: number;
  readonly height?: number;
}

/**
 * Renders a chart.js configuration to PNG bytes with no display (Skia via @napi-rs/canvas).
 * Animations and responsiveness are forced off: there is no browser to resize or animate.
 */
export function renderChartPng(config: ChartConfiguration, opts: RenderOptions = {}): Buffer {
  const width = opts.width ?? 1200;
  const height = opts.height ?? 700;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const chart = new Chart(ctx as unknown as CanvasRenderingContext2D, {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: 1 },
    plugins: [...(config.plugins ?? []), whiteBackground],
  });
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

export async function writeChartPng(path: string, config: ChartConfiguration, opts: RenderOptions = {}): Promise<void> {
  await writeFile(path, renderChartPng(config, opts));
}
