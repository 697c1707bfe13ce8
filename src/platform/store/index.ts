export type * from './types.js';
export { startActivationStore, readStoreSettings, type StoreSettings } from './server.js';
