// Ambient types for the parts of pouchdb-core@9 this project uses (the package ships none).
declare module 'pouchdb-core' {
  export interface PouchDoc {
    _id: string;
    _rev?: string;
    _deleted?: boolean;
    [field: string]: unknown;
  }

  /** One row of a `bulkDocs` answer: `{ok, id, rev}` or `{error, reason, status, id}`. */
  export interface BulkDocsRow {
    ok?: boolean;
    id?: string;
    rev?: string;
    error?: string | boolean;
    name?: string;
    reason?: string;
    message?: string;
    status?: number;
  }

  export interface AllDocsRow {
    id?: string;
    key: string;
    value?: { rev: string; deleted?: boolean };
    doc?: PouchDoc | null;
    error?: string;
  }

  export interface AllDocsResponse {
    total_rows: number;
    offset: number;
    rows: AllDocsRow[];
  }

  export interface AllDocsOptions {
    include_docs?: boolean;
    keys?: string[];
    startkey?: string;
    endkey?: string;
    skip?: number;
    limit?: number;
    descending?: boolean;
  }

  export interface DatabaseInfo {
    db_name: string;
    doc_count: number;
    update_seq: number | string;
  }

  export interface ChangesResponse {
    results: Array<{ id: string; seq: number | string; deleted?: boolean; doc?: PouchDoc }>;
    last_seq: number | string;
  }

  export interface FindResponse {
    docs: PouchDoc[];
    warning?: string;
  }

  export interface Database {
    readonly name: string;
    bulkDocs(
      docs: readonly object[] | { docs: readonly object[]; new_edits?: boolean },
      opts?: object,
    ): Promise<BulkDocsRow[]>;
    allDocs(opts?: AllDocsOptions): Promise<AllDocsResponse>;
    get(id: string, opts?: object): Promise<PouchDoc>;
    info(): Promise<DatabaseInfo>;
    /** The database's instance id (a UUID kept in the database itself). */
    id(): Promise<string>;
    changes(opts: { since?: number | string; include_docs?: boolean; limit?: number }): Promise<ChangesResponse>;
    close(): Promise<void>;
    destroy(): Promise<void>;
    // pouchdb-find
    find(request: object): Promise<FindResponse>;
    explain(request: object): Promise<unknown>;
    createIndex(request: object): Promise<{ result: string; id?: string; name?: string }>;
    getIndexes(): Promise<unknown>;
    deleteIndex(index: object): Promise<unknown>;
  }

  export interface PouchDBStatic {
    new (name: string, opts?: object): Database;
    plugin(plugin: unknown): PouchDBStatic;
    defaults(opts: object): PouchDBStatic;
    allDbs?(): Promise<string[]>;
  }

  const PouchDB: PouchDBStatic;
  export default PouchDB;
}
