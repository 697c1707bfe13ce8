import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { latencyAxisType, perSecondCounts } from '../../src/plot/index.js';
import { escapeHtml, renderReportHtml, scriptJson } from '../../src/report/index.js';

test('a latency axis goes logarithmic only when the maximum exceeds 10× the median', () => {
  assert.equal(latencyAxisType(Float64Array.from([10, 11, 12, 100])), 'linear');
  assert.equal(latencyAxisType(Float64Array.from([10, 11, 12, 2000])), 'logarithmic');
  assert.equal(latencyAxisType(Float64Array.from([0, 0, 0, 2000])), 'linear'); // median 0: no log axis
  assert.equal(latencyAxisType(new Float64Array(0)), 'linear');
});

test('per-second counts add up to the rows kept, one bin per second from the test start', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 60_000 }), { maxLength: 200 }), (offsets) => {
      const t0 = 1_700_000_000_000;
      const start = offsets.map((o) => t0 + o);
      const rows = Uint32Array.from(start.keys());
      const bins = perSecondCounts(start, rows, t0);
      assert.equal(
        bins.reduce((s, p) => s + p.y, 0),
        offsets.length,
      );
      assert.deepEqual(
        bins.map((p) => p.x),
        bins.map((_, i) => i),
      );
      for (const o of offsets) assert.ok(bins[Math.floor(o / 1000)]!.y > 0);
    }),
  );
});

test('text and data from a run cannot close the script element or open a tag', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      assert.ok(!/[<>"']/.test(escapeHtml(s)));
      const json = scriptJson({ s });
      assert.ok(!json.includes('<'));
      assert.deepEqual(JSON.parse(json), { s });
    }),
  );
  const html = renderReportHtml(
    { title: '</script><img src=x>', facts: [['a', '<b>']], verdicts: [], tables: [], charts: [] },
    '/* chart.js */',
  );
  assert.ok(!html.includes('<img src=x>'));
  assert.ok(!html.includes('<b>'));
  assert.throws(() => renderReportHtml({ title: '', facts: [], verdicts: [], tables: [], charts: [] }, '"</script>"'));
});
