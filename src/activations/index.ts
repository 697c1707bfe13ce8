export type * from './types.js';
export { normaliseActivation, type NormaliseOutcome, type RecordSource } from './normalise.js';
export { isHealthCheck, isTrigger, isDesignDoc } from './filters.js';
export { ActivationCollector } from './collect.js';
export { CouchActivationSource, storeError, type CouchConnection } from './couchdb.js';
export { ApiActivationSource, type ApiConnection } from './openwhisk-api.js';
export { openCouchSource, type OpenedCouch } from './open-couch.js';
export {
  resolveCouch,
  DEFAULT_COUCH_URL,
  DEFAULT_ACTIVATIONS_DB,
  DEFAULT_COUCH_USER,
  type CouchFlags,
  type ResolvedCouch,
} from './couch-settings.js';
export type { ActivationPageSource } from './source.js';
