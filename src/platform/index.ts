export { startWhiskLocal, type WhiskLocal, type WhiskLocalOptions } from './whisk-local.js';
export { deployFunctions, readFunctionManifest, type FunctionManifest } from './deploy.js';
