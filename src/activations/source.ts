import type { RecordSource } from './normalise.js';

/** What the analysis asks of an activation source (CouchDB, the OpenWhisk REST API). */
export interface ActivationPageSource {
  /** Where the records come from, without credentials (for messages). */
  readonly describe: string;
  /** Shape of its records (decides how the status is read). */
  readonly recordSource: RecordSource;
  /** Every record whose start is within [since, upto], page by page (whole records: results are dropped by normalisation unless kept). */
  pages(sinceMs: number, uptoMs: number, warn: (msg: string) => void): AsyncGenerator<unknown[]>;
  /** Records by activation id, when the source can look them up; missing ones are left out. */
  byIds?(namespace: string, ids: readonly string[]): AsyncGenerator<unknown[]>;
}
