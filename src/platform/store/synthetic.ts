/**
 * Synthetic activations in OpenWhisk's stored shape (reference §1.1), about 600 bytes of JSON
 * each, deterministic in their index: for benchmarks, tests and demos of the store.
 */
import type { StoredActivation } from './types.js';

export interface SyntheticOptions {
  readonly namespace?: string;
  /** Start of activation 0, epoch ms. */
  readonly t0?: number;
  /** Milliseconds between consecutive starts. */
  readonly spacingMs?: number;
  /** Action names to cycle through (`pkg/action` puts the package in the `path` annotation). */
  readonly actions?: readonly string[];
}

export function syntheticActivationId(i: number): string {
  // Hash-like rather than ordered, as real ids are: _id order is not start order.
  const a = Math.imul(i + 1, 0x9e3779b1) >>> 0;
  const b = Math.imul(a ^ (a >>> 15), 0x85ebca6b) >>> 0;
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}${i.toString(16).padStart(16, '0')}`;
}

export function syntheticActivation(i: number, opts: SyntheticOptions = {}): StoredActivation {
  const namespace = opts.namespace ?? 'guest';
  const actions = opts.actions ?? ['hello'];
  const action = actions[i % actions.length]!;
  const name = action.slice(action.lastIndexOf('/') + 1);
  const start = (opts.t0 ?? 1_700_000_000_000) + i * (opts.spacingMs ?? 1);
  const cold = i % 10 === 0;
  const initTime = cold ? 250 + (i % 50) : 0;
  const duration = initTime + 5 + (i % 20);
  const activationId = syntheticActivationId(i);
  const annotations = [
    { key: 'path', value: `${namespace}/${action}` },
    { key: 'waitTime', value: 3 + (i % 7) },
    { key: 'kind', value: 'nodejs:20' },
    { key: 'timeout', value: false },
    { key: 'limits', value: { concurrency: 1, logs: 10, memory: 256, timeout: 60000 } },
    ...(cold ? [{ key: 'initTime', value: initTime }] : []),
  ];
  return {
    _id: `${namespace}/${activationId}`,
    entityType: 'activation',
    updated: start + duration,
    activationId,
    namespace,
    name,
    subject: namespace,
    version: '0.0.1',
    publish: false,
    start,
    end: start + duration,
    duration,
    response: { statusCode: 0, result: { greeting: `Hello, activation ${i}!` }, size: 40 },
    logs: [],
    annotations,
  };
}
