/**
 * HTML reports in a real headless Chromium (Debian's `chromium`, installed by .ci/run): the page
 * loads from disk with no network, logs no console error, and every canvas has drawn pixels.
 * Reports come from the real CLIs: comparative-analyzer on fixture archives, workload-analyzer
 * against the real activation store.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { startActivationStore, type ActivationStore } from '../../src/platform/store/index.js';
import { syntheticActivation } from '../../src/platform/store/synthetic.js';
import { PASSWORD, REPO, runAnalyzer, tempDir, writeMetadata } from './analyzer-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
const skip = missing ? `${CHROMIUM} not installed (apt-get install chromium); CI installs it` : false;
if (skip) process.stdout.write(`# skipping the browser tests: ${skip}\n`);

/** Loads `file` offline; returns console errors, page errors and, per canvas, its non-blank pixels. */
async function inspect(browser: BrowserContext, file: string) {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const canvases = await page.$$eval('canvas', (els) =>
    els.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
      return { name: canvas.dataset.name ?? '', drawn };
    }),
  );
  return { page, errors, canvases };
}

describe('HTML reports in headless Chromium', { skip }, () => {
  let browser: BrowserContext;
  let store: ActivationStore;
  const userData = mkdtempSync(join(tmpdir(), 'html-report-chromium-'));

  before(async () => {
    // A fresh profile (--user-data-dir): playwright passes it for a persistent context.
    browser = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    store = await startActivationStore({ port: 0, dataDir: null });
  });
  after(async () => {
    await browser?.close();
    await store?.close();
  });

  test('comparative-analyzer --html: runs side by side, every chart drawn, no console error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'html-compare-'));
    mkdirSync(join(dir, 'data_archive'));
    for (const f of ['hello_5ps.json', 'hello_20ps.json'])
      copyFileSync(join(REPO, 'tests', 'fixtures', 'archives', f), join(dir, 'data_archive', f));
    execFileSync(process.execPath, [join(REPO, 'bin', 'comparative-analyzer.js'), '--html', 'cmp.html'], { cwd: dir });
    const { page, errors, canvases } = await inspect(browser, join(dir, 'cmp.html'));
    assert.deepEqual(errors, []);
    assert.equal(canvases.length, 5);
    for (const c of canvases) assert.ok(c.drawn > 1000, `${c.name} drew ${c.drawn} pixels`);
    assert.match(await page.content(), /hello_5ps[\s\S]*hello_20ps/);
    await page.close();
  });

  test('workload-analyzer --html: verdict, tables, log toggle; a hostile test name stays text', async () => {
    const dir = tempDir('html');
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 300; i++) store.put(syntheticActivation(i, { t0, actions: ['hello', 'world'] }));
    await store.flush();
    const name = '</script><script>window.pwned=1</script><b>x';
    writeFileSync(
      join(dir, 'cfg.json'),
      JSON.stringify({ test_name: name, test_duration_in_seconds: 60, instances: {} }),
    );
    writeMetadata(dir, t0, 'cfg.json', 300);
    const env = { COUCHDB_PASSWORD: PASSWORD, COUCHDB_URL: '', COUCHDB_USER: '', ACTIVATIONS_DB: '' };
    const r = await runAnalyzer(
      ['--metadata', join(dir, 'test_metadata.out'), '--db-url', store.url, '--html', 'run.html'],
      { cwd: dir, env },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!readFileSync(join(dir, 'run.html'), 'utf8').includes('<script>window.pwned'));
    const { page, errors, canvases } = await inspect(browser, join(dir, 'run.html'));
    assert.deepEqual(errors, []);
    assert.ok(canvases.length >= 8, `${canvases.length} charts`);
    for (const c of canvases) assert.ok(c.drawn > 1000, `${c.name} drew ${c.drawn} pixels`);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.equal(await page.locator('h1').textContent(), `faas-profiler report: ${name}`);
    assert.ok((await page.locator('table').count()) >= 4);
    // The log toggle switches the latency axis and the chart still draws.
    await page.locator('button[data-toggle="latency"]').click();
    const type = await page.evaluate(
      () =>
        (
          globalThis as unknown as { Chart: { getChart(id: string): { options: { scales: { y: { type: string } } } } } }
        ).Chart.getChart('chart-0')!.options.scales.y.type,
    );
    assert.ok(type === 'logarithmic' || type === 'linear');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
