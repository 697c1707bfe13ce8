/** Distinguishable colours (Okabe–Ito, colour-blind safe), cycled for more series. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

export function colour(i: number, alpha = 1): string {
  const hex = COLOURS[i % COLOURS.length]!;
  if (alpha >= 1) return hex;
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
