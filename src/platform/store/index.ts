export type * from './types.js';
export { startActivationStore, readStoreSettings, type StoreSettings } from './server.js';
export { DEFAULT_DB_NAME, DEFAULT_PASSWORD, DEFAULT_STORE_PORT, DEFAULT_USER, SETTINGS_FILE } from './settings.js';
