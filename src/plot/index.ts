export { renderChartPng, writeChartPng, type RenderOptions } from './render.js';
export { writeAnalyzerPlots, analyzerCharts, type AnalyzerPlotOptions } from './analyzer-plots.js';
export {
  timelineChart,
  latencyCdfChart,
  coldWarmChart,
  counterChart,
  counterPoints,
  MAX_POINTS_PER_CHART,
} from './analyzer-charts.js';
export { throughputChart, coldStartsChart, perSecondCounts } from './activity-charts.js';
export { latencyBarsChart } from './compare-bars.js';
export { latencyAxisType, LOG_SPREAD } from './scale.js';
export { coldShareChart } from './trace-charts.js';
export { minMaxBins, cdfPoints, type Point } from './downsample.js';
export { writeComparisonPlots, comparisonCharts, type NamedChart } from './compare-plots.js';
