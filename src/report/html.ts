/**
 * Lays a ReportModel out as one self-contained HTML page (pure: strings in, string out). Every
 * text from the run goes through escapeHtml; the chart data goes in a JSON script element with
 * `<` written as \u003c, so no value can close the element (`</script>`) or open a tag.
 */
import { formatCell } from '../analysis/format-tables.js';
import type { ScheduleVerdict } from '../contracts/index.js';
import type { ReportModel, ReportTable } from './model.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script> element: no `<`, and no line separators JS once choked on. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function table(t: ReportTable): string {
  const head = t.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="n"' : ''}>${escapeHtml(formatCell(c))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<h2>${escapeHtml(t.title)}</h2>\n<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function verdictBlock(test: string, v: ScheduleVerdict): string {
  const ms = (x: number | null) => (x === null ? '-' : x.toFixed(3));
  const rows: [string, string][] = [
    ['requested / issued', `${v.requested} / ${v.issued}`],
    ['requested / issued rate (/s)', `${v.requested_rate.toFixed(3)} / ${v.issued_rate.toFixed(3)}`],
    ['send lag p50 / p99 / max (ms)', `${ms(v.lag_p50_ms)} / ${ms(v.lag_p99_ms)} / ${ms(v.lag_max_ms)}`],
    [
      'worst second (issued ÷ requested)',
      v.worst_second === null
        ? '-'
        : `s ${v.worst_second.second}: ${v.worst_second.issued}/${v.worst_second.requested} (${v.worst_second.ratio.toFixed(3)})`,
    ],
    [`late (> ${v.max_lag_ms} ms)`, String(v.late)],
    ['unsent', String(v.unsent)],
    ['aborted', v.aborted ? 'yes' : 'no'],
  ];
  const head = v.kept ? 'schedule kept' : `schedule NOT kept: ${v.reason ?? ''}`;
  return `<h2>Schedule verdict: ${escapeHtml(test)}</h2>\n<p class="${v.kept ? 'ok' : 'bad'}">${escapeHtml(head)}</p>\n${facts(rows)}`;
}

function facts(rows: readonly (readonly [string, string])[]): string {
  return `<table class="facts">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:13px}th,td{border:1px solid #ccc;padding:2px 6px}
td.n{text-align:right;font-variant-numeric:tabular-nums}.facts th{text-align:left;background:#f4f4f4}
.ok{color:#060;font-weight:bold}.bad{color:#b00;font-weight:bold}
.chart{max-width:1100px;margin:1em 0 2em}.chart canvas{width:100%;height:480px}button{margin:.2em}`;

/**
 * Draws every chart from the JSON element; a chart with a latency axis gets a button that
 * switches that axis between linear and logarithmic.
 */
const BOOT = `(function(){
var charts=JSON.parse(document.getElementById('report-data').textContent);
var root=document.getElementById('charts');
charts.forEach(function(c,i){
  var box=document.createElement('div');box.className='chart';
  var canvas=document.createElement('canvas');canvas.id='chart-'+i;canvas.setAttribute('data-name',c.name);
  c.config.options=c.config.options||{};c.config.options.animation=false;c.config.options.maintainAspectRatio=false;
  var scales=c.config.options.scales||{};
  var logAxes=Object.keys(scales).filter(function(k){var t=scales[k].title;return t&&/^latency/.test(String(t.text));});
  if(logAxes.length){
    var b=document.createElement('button');b.textContent='log / linear latency axis';b.setAttribute('data-toggle',c.name);
    b.onclick=function(){logAxes.forEach(function(k){var s=chart.options.scales[k];
      s.type=s.type==='logarithmic'?'linear':'logarithmic';});chart.update();};
    box.appendChild(b);
  }
  var frame=document.createElement('div');frame.style.height='480px';frame.appendChild(canvas);box.appendChild(frame);root.appendChild(box);
  var chart=new Chart(canvas,c.config);
});
})();`;

/** The whole page; `chartJs` is chart.js's UMD build, inlined so the page needs no network. */
export function renderReportHtml(model: ReportModel, chartJs: string): string {
  if (/<\/script/i.test(chartJs)) throw new Error('the chart library contains </script> and cannot be inlined');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>${escapeHtml(model.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(model.title)}</h1>
${facts(model.facts)}
${model.verdicts.map((v) => verdictBlock(v.test, v.verdict)).join('\n')}
${model.tables.map(table).join('\n')}
<h2>Charts</h2>
<div id="charts"></div>
<script type="application/json" id="report-data">${scriptJson(model.charts)}</script>
<script>${chartJs}</script>
<script>${BOOT}</script>
</body></html>
`;
}
