export {
  startWhiskLocal,
  isLoopbackHost,
  DEFAULTS as WHISK_LOCAL_DEFAULTS,
  type WhiskLocal,
  type WhiskLocalOptions,
} from './whisk-local.js';
export {
  deployFunctions,
  readFunctionManifest,
  defaultManifestPath,
  type FunctionManifest,
  type FunctionSpec,
  type DeployTarget,
} from './deploy.js';
export { deployWorkloadActions, TRACE_ACTION } from './deploy-trace.js';
export { GUEST_AUTH, GUEST_NAMESPACE } from './auth.js';
