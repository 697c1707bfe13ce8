export { runReportModel, comparisonReportModel, MAX_COUNTER_CHARTS, type ReportModel } from './model.js';
export { renderReportHtml, escapeHtml, scriptJson } from './html.js';
export { writeHtmlReport } from './write.js';
