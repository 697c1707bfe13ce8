export type { Activation } from '../contracts/index.js';
