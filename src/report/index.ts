export { runReportModel, comparisonReportModel } from './model.js';
export { renderReportHtml, escapeHtml, scriptJson } from './html.js';
export { writeHtmlReport } from './write.js';
