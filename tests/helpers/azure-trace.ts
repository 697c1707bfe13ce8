import { TRACE_MINUTES } from '../../src/trace/index.js';

/** The header of an Azure 2019 invocations file: ids, trigger, then minutes 1 … 1440. */
export const INVOCATIONS_HEADER: readonly (string | number)[] = [
  'HashOwner',
  'HashApp',
  'HashFunction',
  'Trigger',
  ...Array.from({ length: TRACE_MINUTES }, (_, i) => i + 1),
];
