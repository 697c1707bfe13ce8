// Ambient types for the parts of express-pouchdb@4.2 this project uses (the package ships none).
declare module 'express-pouchdb' {
  import type { Express } from 'express';
  import type { PouchDBStatic } from 'pouchdb-core';

  export interface ExpressPouchDBOptions {
    /** `fullCouchDB` (default), `minimumForPouchDB` or `custom`. */
    mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom';
    overrideMode?: { include?: string[]; exclude?: string[] };
    configPath?: string;
    logPath?: string;
    inMemoryConfig?: boolean;
  }

  export interface ExpressPouchDBApp extends Express {
    setPouchDB(PouchDB: PouchDBStatic): Promise<void>;
  }

  function expressPouchDB(opts?: ExpressPouchDBOptions): ExpressPouchDBApp;
  export default expressPouchDB;
}

// express-pouchdb's own cache of open databases: the routes use the instance it returns.
declare module 'express-pouchdb/lib/create-or-delete-dbs.js' {
  import type { Database, PouchDBStatic } from 'pouchdb-core';

  export function getOrCreateDB(PouchDB: PouchDBStatic, dbName: string): Promise<Database>;
}
