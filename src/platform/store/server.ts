import type { ActivationStore, StoreOptions } from './types.js';

/** The store's settings file in a data dir (credentials the analyzer needs to reopen it). */
export interface StoreSettings {
  readonly dbName: string;
  readonly user: string;
  readonly password: string;
}

/** Starts the CouchDB-compatible server on loopback and opens (or creates) the activations db. */
export async function startActivationStore(opts: StoreOptions): Promise<ActivationStore> {
  void opts;
  throw new Error('startActivationStore: not implemented yet');
}

/** Reads `<dataDir>/store.json`, written by `startActivationStore` for on-disk stores. */
export async function readStoreSettings(dataDir: string): Promise<StoreSettings> {
  void dataDir;
  throw new Error('readStoreSettings: not implemented yet');
}
