/**
 * The PouchDB class a store uses: LevelDB files under `<dataDir>/db/` or memory, with
 * pouchdb-find and pouchdb-mapreduce, and its own list of databases (`allDbs`).
 *
 * express-pouchdb would otherwise install pouchdb-all-dbs, which listens to PouchDB's one
 * process-wide event emitter: every store in a process would see (and keep writing to after
 * close) every other store's database list. Our `allDbs` is per store instead.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join, sep } from 'node:path';
import PouchDB, { type Database, type PouchDBStatic } from 'pouchdb-core';
import leveldbAdapter from 'pouchdb-adapter-leveldb';
import memoryAdapter from 'pouchdb-adapter-memory';
import findPlugin from 'pouchdb-find';
import mapreducePlugin from 'pouchdb-mapreduce';
import { DB_FOLDER } from './settings.js';

let configured: PouchDBStatic | undefined;

function basePouchDB(): PouchDBStatic {
  configured ??= PouchDB.plugin(leveldbAdapter).plugin(memoryAdapter).plugin(findPlugin).plugin(mapreducePlugin);
  return configured;
}

/** Databases PouchDB creates for its own indexes; CouchDB does not list them. */
function isInternal(name: string): boolean {
  return name.includes('-mrview-') || name === 'pouch__all_dbs__';
}

export type StorePouchDB = PouchDBStatic & { allDbs(): Promise<string[]> };

export interface StorePouch {
  readonly PouchDB: StorePouchDB;
  /** Closes (on disk) or destroys (in memory) every database this class opened. */
  closeAll(): Promise<void>;
}

export async function createStorePouch(dataDir: string | null): Promise<StorePouch> {
  const onDisk = dataDir !== null;
  const folder = onDisk ? join(dataDir, DB_FOLDER) : undefined;
  if (folder !== undefined) await mkdir(folder, { recursive: true });
  // Memory databases are keyed by prefixed name process-wide: a unique prefix isolates stores.
  const prefix = folder !== undefined ? folder + sep : `mem-${randomUUID()}${sep}`;
  const Defaulted = basePouchDB().defaults({ adapter: onDisk ? 'leveldb' : 'memory', prefix });

  const opened = new Set<Database>();
  const names = new Set<string>();
  const Base = Defaulted as unknown as new (name: string, opts?: object) => Database;
  class StoreDB extends Base {
    constructor(name: string, opts?: object) {
      super(name, opts);
      opened.add(this);
      if (!isInternal(name)) names.add(name);
      (this as unknown as NodeJS.EventEmitter).once('destroyed', () => {
        names.delete(name);
        opened.delete(this);
      });
    }
  }
  const Pouch = StoreDB as unknown as StorePouchDB;
  Pouch.allDbs = async () => {
    const all = new Set(names);
    if (folder !== undefined) {
      for (const d of await readdir(folder, { withFileTypes: true })) {
        if (d.isDirectory() && !isInternal(d.name)) all.add(d.name);
      }
    }
    return [...all].sort();
  };

  return {
    PouchDB: Pouch,
    async closeAll() {
      const dbs = [...opened];
      opened.clear();
      // One at a time, index databases last: destroying a database also destroys its
      // dependent index databases, and doing both at once never settles.
      const ordered = [...dbs.filter((db) => !isInternal(db.name)), ...dbs.filter((db) => isInternal(db.name))];
      for (const db of ordered) {
        await (onDisk || isInternal(db.name) ? db.close() : db.destroy()).catch(() => undefined);
      }
    },
  };
}
