import { isJsonObject } from '../config/json-text.js';
import type { ConfiguredInstance } from './types.js';

/**
 * The instances of a FaaSProfiler workload JSON, read leniently: the analysis needs only names,
 * applications, rates and window starts, and must work on configs whose param or data files no
 * longer exist (which the invoker's strict loader rejects).
 */
export function configuredInstances(config: unknown): ConfiguredInstance[] {
  if (!isJsonObject(config) || !isJsonObject(config['instances'])) return [];
  const out: ConfiguredInstance[] = [];
  for (const [name, spec] of Object.entries(config['instances'])) {
    if (!isJsonObject(spec) || typeof spec['application'] !== 'string') continue;
    const hasList = Array.isArray(spec['interarrivals_list']);
    const distribution =
      typeof spec['distribution'] === 'string' ? spec['distribution'] : hasList ? 'trace' : 'unknown';
    const rate =
      (distribution === 'Uniform' || distribution === 'Poisson') && typeof spec['rate'] === 'number'
        ? spec['rate']
        : null;
    const window = spec['activity_window'];
    const windowStartS = Array.isArray(window) && typeof window[0] === 'number' ? window[0] : null;
    out.push({ name, application: spec['application'], distribution, rate, windowStartS });
  }
  return out;
}

/**
 * Whether an instance's application is this function: activation records name the action
 * without namespace or package, while configs may write `package/action` or `/ns/pkg/action`.
 */
export function isInstanceOf(instance: ConfiguredInstance, funcName: string): boolean {
  const app = instance.application;
  return app === funcName || app.slice(app.lastIndexOf('/') + 1) === funcName;
}
