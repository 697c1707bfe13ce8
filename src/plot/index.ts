export { renderChartPng, writeChartPng, type RenderOptions } from './render.js';
export { writeAnalyzerPlots, type AnalyzerPlotOptions } from './analyzer-plots.js';
export {
  timelineChart,
  latencyCdfChart,
  coldWarmChart,
  counterChart,
  counterPoints,
  MAX_POINTS_PER_CHART,
} from './analyzer-charts.js';
export { perSecondCounts } from './activity-charts.js';
export { latencyAxisType } from './scale.js';
export { minMaxBins, cdfPoints, type Point } from './downsample.js';
export { writeComparisonPlots } from './compare-plots.js';
