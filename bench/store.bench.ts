/**
 * Activation store throughput.
 *  - insert: `put` + `flush` (batches of 500, as the platform writes) and `_bulk_docs` over HTTP
 *    (5,000 per request), on the memory adapter and on LevelDB;
 *  - `_find` paging from a separate client process (nano, pages of 10,000, bookmarks) over the
 *    fast path with documents held in memory or read by `allDocs` keys, and pouchdb-find with an
 *    index on `start` for comparison;
 *  - the alternatives to held JSON for fetching pages: `_all_docs` by keys and by `_id` range;
 *  - reopen time of an on-disk store (from the index checkpoint, and by a full `allDocs` scan) and RSS.
 * Targets: `_find` paging ≥ 30,000 docs/s over 1,000,000 docs; `_bulk_docs` ≥ 10,000 docs/s on memory.
 *
 * Size: STORE_BENCH_DOCS (default 100,000); STORE_BENCH_MILLION=1 (or --million) adds the
 * 1,000,000-document run on LevelDB (load, checkpoint, reopen, RSS, paging) in its own process.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import nano, { type MangoSelector } from 'nano';
import { startActivationStore, type ActivationStore, type StoredActivation } from '../src/platform/store/index.js';
import { SNAPSHOT_FILE } from '../src/platform/store/snapshot.js';
import { syntheticActivation } from '../src/platform/store/synthetic.js';
import { peakRssMiB, printTable, writeResults, type Row } from './report.js';

const T0 = 1_700_000_000_000;
const PAGE = 10_000;
const PASSWORD = 'some_passw0rd';

/** The fields the workload-analyzer asks for (src/activations/couchdb.ts). */
const ANALYZER_FIELDS = [
  '_id',
  'activationId',
  'name',
  'namespace',
  'start',
  'end',
  'duration',
  'annotations',
  'response.statusCode',
];

type ClientMode = 'fast' | 'fields' | 'fallback';

if (process.argv[2] === '--client') {
  await runClient(process.argv[3]!, process.argv[4]!, process.argv[5] as ClientMode);
  process.exit(0);
}

const DOCS = Number(process.env.STORE_BENCH_DOCS ?? 100_000);
const MILLION = process.env.STORE_BENCH_MILLION === '1' || process.argv.includes('--million');
const rows: Row[] = [];

function record(row: { case: string; adapter: string; docs: number; seconds: number; note?: string }): void {
  const r: Row = {
    case: row.case,
    adapter: row.adapter,
    docs: row.docs,
    seconds: row.seconds,
    'docs/s': Math.round(row.docs / row.seconds),
  };
  r.note = row.note ?? '';
  rows.push(r);
  console.log(
    `${row.case} [${row.adapter}]: ${row.docs} docs in ${row.seconds.toFixed(2)} s = ${Math.round(row.docs / row.seconds)} docs/s`,
  );
}

type StoreRef = Pick<ActivationStore, 'url' | 'user' | 'dbName'>;

function credentialsUrl(store: StoreRef): string {
  return store.url.replace('http://', `http://${store.user}:${PASSWORD}@`);
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
}

async function insertWithPut(store: ActivationStore, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    store.put(syntheticActivation(i, { t0: T0 }));
    if (i % 50_000 === 49_999) await store.flush(); // a platform never has a million queued
  }
  await store.flush();
}

async function insertWithBulkDocs(store: ActivationStore, n: number, offset: number): Promise<void> {
  const db = nano(credentialsUrl(store)).use<StoredActivation>(store.dbName);
  for (let i = 0; i < n; i += 5000) {
    const docs: StoredActivation[] = [];
    for (let k = i; k < Math.min(n, i + 5000); k++) docs.push(syntheticActivation(offset + k, { t0: T0 }));
    await db.bulk({ docs });
  }
}

/** Pages through `_find` in a child process; returns its docs/s. */
function pageFromClient(store: StoreRef, mode: ClientMode = 'fast'): Promise<{ docs: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--client', credentialsUrl(store), store.dbName, mode],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as { docs: number; seconds: number })
        : reject(new Error(`client exit ${code}`)),
    );
  });
}

async function runClient(url: string, dbName: string, mode: ClientMode): Promise<void> {
  const db = nano(url).use<StoredActivation>(dbName);
  // `$exists` is not a fast-path shape: pouchdb-find answers, using the index on start.
  const selector: MangoSelector =
    mode === 'fallback' ? { start: { $gte: T0 }, entityType: { $exists: true } } : { start: { $gte: T0 } };
  const fields = mode === 'fields' ? { fields: ANALYZER_FIELDS } : {};
  let bookmark: string | undefined;
  let docs = 0;
  let last = -Infinity;
  const t0 = performance.now();
  for (;;) {
    const page = await db.find({
      selector,
      sort: [{ start: 'asc' }],
      limit: PAGE,
      ...fields,
      ...(bookmark ? { bookmark } : {}),
    });
    for (const d of page.docs) {
      if (d.start < last) throw new Error('out of order');
      last = d.start;
    }
    docs += page.docs.length;
    bookmark = page.bookmark;
    if (page.docs.length < PAGE) break;
  }
  process.stdout.write(JSON.stringify({ docs, seconds: (performance.now() - t0) / 1000 }));
}

async function fetchStrategies(store: ActivationStore, adapter: string, n: number): Promise<void> {
  // The same pages the fast path would serve, fetched three ways inside the store process.
  const couch = nano(credentialsUrl(store)).use<StoredActivation>(store.dbName);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(syntheticActivation(i, { t0: T0 })._id);
  const [, keysS] = await timed(async () => {
    for (let i = 0; i < n; i += PAGE) await couch.fetch({ keys: ids.slice(i, i + PAGE) });
  });
  record({
    case: 'HTTP _all_docs POST keys, include_docs',
    adapter,
    docs: n,
    seconds: keysS,
    note: 'how the fast path reads when docs are not held',
  });
  const [, rangeS] = await timed(async () => {
    let startkey: string | undefined;
    for (;;) {
      const page = await couch.list({ include_docs: true, limit: PAGE, ...(startkey ? { startkey, skip: 1 } : {}) });
      if (page.rows.length < PAGE) break;
      startkey = page.rows[page.rows.length - 1]!.id;
    }
  });
  record({
    case: 'HTTP _all_docs range on _id, include_docs',
    adapter,
    docs: n,
    seconds: rangeS,
    note: '_id order is not start order: reference only',
  });
}

async function pagingRuns(store: StoreRef, adapter: string, held: boolean, n: number): Promise<void> {
  for (const mode of held ? (['fast', 'fields'] as const) : (['fast'] as const)) {
    const r = await pageFromClient(store, mode);
    if (r.docs !== n) throw new Error(`paged ${r.docs} of ${n}`);
    const what = mode === 'fields' ? 'analyzer fields' : 'whole docs';
    record({
      case: `_find fast path, ${what}, pages of ${PAGE}, client`,
      adapter,
      docs: r.docs,
      seconds: r.seconds,
      note: held ? 'docs held in memory' : 'docs read by allDocs keys',
    });
  }
}

/**
 * The 1,000,000-document run, on LevelDB as whisk-local runs it, in a process of its own: load,
 * close (checkpoint), then reopen in a fresh process (`--serve`) so that its RSS is the store's
 * alone, and page from a client.
 */
async function millionRun(): Promise<void> {
  const million = 1_000_000;
  const dir = await mkdtemp(join(tmpdir(), 'store-bench-1m-'));
  try {
    const store = await startActivationStore({ port: 0, dataDir: dir, batchSize: 2000 });
    const [, putS] = await timed(() => insertWithPut(store, million));
    record({ case: 'put + flush (batches of 2,000)', adapter: 'leveldb', docs: million, seconds: putS });
    const [, closeS] = await timed(() => store.close());
    record({ case: 'close (flush + write the index checkpoint)', adapter: 'leveldb', docs: million, seconds: closeS });

    const server = spawn(
      process.execPath,
      ['--import', 'tsx', '--expose-gc', fileURLToPath(import.meta.url), '--serve', dir],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const [line] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
    const served = JSON.parse(line) as {
      url: string;
      user: string;
      dbName: string;
      reopenS: number;
      rssMiB: number;
      baseMiB: number;
    };
    record({
      case: 'reopen from the index checkpoint (fresh process)',
      adapter: 'leveldb',
      docs: million,
      seconds: served.reopenS,
    });
    rows.push({
      case: 'RSS of the reopened store process',
      adapter: 'leveldb',
      docs: million,
      seconds: 0,
      'docs/s': 0,
      note: `${served.rssMiB} MiB (${served.rssMiB - served.baseMiB} MiB over the process before opening)`,
    });
    try {
      await pagingRuns(served, 'leveldb', true, million);
    } finally {
      server.stdin!.end(); // the serving process closes the store and exits
      await once(server, 'exit');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\n@@ROWS@@${JSON.stringify(rows)}\n`);
}

/** `--serve <dir>`: opens the store, reports its URL, reopen time and RSS, serves until stdin ends. */
async function serve(dir: string): Promise<void> {
  global.gc?.();
  const baseMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  const [store, reopenS] = await timed(() => startActivationStore({ port: 0, dataDir: dir }));
  global.gc?.();
  const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  process.stdout.write(
    `${JSON.stringify({ url: store.url, user: store.user, dbName: store.dbName, reopenS, rssMiB, baseMiB })}\n`,
  );
  process.stdin.resume();
  await once(process.stdin, 'end');
  await store.close();
}

function millionInChild(): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--expose-gc', fileURLToPath(import.meta.url), '--million-run'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const marker = out.lastIndexOf('@@ROWS@@');
      process.stdout.write(marker < 0 ? out : out.slice(0, marker));
      if (code !== 0 || marker < 0) reject(new Error(`1M run exit ${code}`));
      else resolve(JSON.parse(out.slice(marker + '@@ROWS@@'.length)) as Row[]);
    });
  });
}

async function main(): Promise<void> {
  const dirs: string[] = [];
  try {
    // Memory adapter: inserts, then paging with held docs and without.
    for (const held of [true, false]) {
      const store = await startActivationStore({ port: 0, dataDir: null, holdDocsInMemory: held });
      try {
        const [, putS] = await timed(() => insertWithPut(store, DOCS));
        if (held) record({ case: 'put + flush (batches of 500)', adapter: 'memory', docs: DOCS, seconds: putS });
        if (held) {
          const [, bulkS] = await timed(() => insertWithBulkDocs(store, Math.min(DOCS, 50_000), DOCS));
          record({
            case: 'HTTP _bulk_docs (5,000 per request)',
            adapter: 'memory',
            docs: Math.min(DOCS, 50_000),
            seconds: bulkS,
          });
          // Paging covers only the first DOCS documents: drop the extra ones from the count.
        }
        const n = held ? DOCS + Math.min(DOCS, 50_000) : DOCS;
        await pagingRuns(store, 'memory', held, n);
        if (!held) await fetchStrategies(store, 'memory', Math.min(DOCS, 50_000));
      } finally {
        await store.close();
      }
    }

    // LevelDB on disk: insert, paging, reopen time.
    const dir = await mkdtemp(join(tmpdir(), 'store-bench-'));
    dirs.push(dir);
    const levelDocs = Math.min(DOCS, 100_000);
    let store = await startActivationStore({ port: 0, dataDir: dir });
    try {
      const [, putS] = await timed(() => insertWithPut(store, levelDocs));
      record({ case: 'put + flush (batches of 500)', adapter: 'leveldb', docs: levelDocs, seconds: putS });
      const [, bulkS] = await timed(() => insertWithBulkDocs(store, 20_000, levelDocs));
      record({ case: 'HTTP _bulk_docs (5,000 per request)', adapter: 'leveldb', docs: 20_000, seconds: bulkS });
    } finally {
      await store.close();
    }
    const [reopened, reopenS] = await timed(() => startActivationStore({ port: 0, dataDir: dir }));
    record({
      case: 'reopen from the index checkpoint',
      adapter: 'leveldb',
      docs: levelDocs + 20_000,
      seconds: reopenS,
    });
    await reopened.close();
    await rm(join(dir, SNAPSHOT_FILE));
    const [rescanned, rescanS] = await timed(() => startActivationStore({ port: 0, dataDir: dir }));
    store = rescanned;
    record({
      case: 'reopen without checkpoint (allDocs scan)',
      adapter: 'leveldb',
      docs: levelDocs + 20_000,
      seconds: rescanS,
    });
    try {
      await pagingRuns(store, 'leveldb', true, levelDocs + 20_000);
    } finally {
      await store.close();
    }
    store = await startActivationStore({ port: 0, dataDir: dir, holdDocsInMemory: false });
    try {
      await pagingRuns(store, 'leveldb', false, levelDocs + 20_000);
    } finally {
      await store.close();
    }

    // pouchdb-find with an index on start (what a plain PouchDB server would do), small size.
    store = await startActivationStore({ port: 0, dataDir: null });
    try {
      const n = Math.min(DOCS, 20_000);
      await insertWithPut(store, n);
      const db = nano(credentialsUrl(store)).use(store.dbName);
      const [, indexS] = await timed(() =>
        db
          .createIndex({ index: { fields: ['start'] }, name: 'start-idx' })
          .then(() => db.find({ selector: { start: { $gte: T0 } }, limit: 1 })),
      );
      record({ case: '_index on start: create + first query builds it', adapter: 'memory', docs: n, seconds: indexS });
      const r = await pageFromClient(store, 'fallback');
      record({
        case: `pouchdb-find with index, pages of ${PAGE}, client process`,
        adapter: 'memory',
        docs: r.docs,
        seconds: r.seconds,
        note: 'fallback path',
      });
    } finally {
      await store.close();
    }

    if (MILLION) rows.push(...(await millionInChild()));
  } finally {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
  printTable(
    `Activation store (${DOCS} docs${MILLION ? ' + 1M paging run' : ''}); peak RSS ${Math.round(peakRssMiB())} MiB`,
    rows,
  );
  writeResults('store', { docs: DOCS, million: MILLION, rows, peakRssMiB: peakRssMiB() });
}

if (process.argv[2] === '--million-run') await millionRun();
else if (process.argv[2] === '--serve') await serve(process.argv[3]!);
else await main();
