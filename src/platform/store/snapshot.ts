/**
 * A checkpoint of the start index (with the held documents) written at a clean close, so that
 * reopening a large on-disk store reads one file instead of fetching every document from LevelDB
 * one by one (which PouchDB's `allDocs` does). On open the checkpoint is loaded and brought up to
 * date with the changes feed since its sequence number; if it is missing, unreadable, or belongs
 * to another database, the store falls back to a full scan.
 *
 * Format: `<dataDir>/start-index.ndjson`: a header line
 * `{"format":"whisk-local-start-index","version":1,"dbId":...,"seq":...,"count":N}` then one
 * stored document (JSON, with `_rev`) per line, in index order.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Database, PouchDoc } from 'pouchdb-core';
import { heldJson } from './index-sync.js';
import type { StartIndex } from './start-index.js';

export const SNAPSHOT_FILE = 'start-index.ndjson';
const FORMAT = 'whisk-local-start-index';
const VERSION = 1;
const CATCH_UP_PAGE = 5000;

interface Header {
  readonly format: string;
  readonly version: number;
  readonly dbId: string;
  readonly seq: number | string;
  readonly count: number;
}

/** Writes the checkpoint (atomically). Only for an exact index whose documents are all held. */
export async function writeSnapshot(file: string, db: Database, index: StartIndex): Promise<boolean> {
  if (!index.exact) return false;
  for (let i = 0; i < index.size; i++) if (index.at(i).json === undefined) return false;
  const info = await db.info();
  const header: Header = {
    format: FORMAT,
    version: VERSION,
    dbId: await db.id(),
    seq: info.update_seq,
    count: index.size,
  };
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp, { mode: 0o600 });
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  try {
    await write(JSON.stringify(header));
    for (let i = 0; i < index.size; i++) await write(index.at(i).json!);
    out.end();
    await once(out, 'finish');
    await rename(tmp, file);
    return true;
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Loads the checkpoint into the (empty) index and applies the changes since it. False when there
 * is no usable checkpoint; the index is then left empty for a full scan.
 */
export async function loadSnapshot(file: string, db: Database, index: StartIndex): Promise<boolean> {
  let lines: ReturnType<typeof createInterface>;
  try {
    const input = createReadStream(file, { encoding: 'utf8' });
    await once(input, 'open');
    lines = createInterface({ input, crlfDelay: Infinity });
  } catch {
    return false;
  }
  // Documents go straight into the index (holding a million parsed documents would take GBs).
  let header: Header | undefined;
  let count = 0;
  let complete = false;
  try {
    for await (const line of lines) {
      if (header === undefined) {
        header = JSON.parse(line) as Header;
        const info = await db.info();
        const usable =
          header.format === FORMAT &&
          header.version === VERSION &&
          header.dbId === (await db.id()) &&
          typeof header.seq === typeof info.update_seq &&
          header.seq <= info.update_seq;
        if (!usable) return false;
        continue;
      }
      index.append(JSON.parse(line) as PouchDoc, line);
      count++;
    }
    complete = header !== undefined && count === header.count;
  } catch {
    complete = false; // truncated or corrupt: rebuild from the database
  } finally {
    lines.close();
    if (!complete) index.clear();
  }
  if (!complete) return false;
  index.sort();
  await catchUp(db, index, header!.seq);
  return true;
}

/** Applies every change after `since` (each changed document once, in its current state). */
async function catchUp(db: Database, index: StartIndex, since: number | string): Promise<void> {
  for (;;) {
    const page = await db.changes({ since, include_docs: true, limit: CATCH_UP_PAGE });
    for (const change of page.results) {
      if (change.deleted === true || !change.doc) index.remove(change.id);
      else index.upsert(change.doc, heldJson(change.doc, true));
    }
    if (page.results.length < CATCH_UP_PAGE) return;
    since = page.last_seq;
  }
}
