import { workloadInstances } from '../config/index.js';
import type { ConfiguredInstance } from './types.js';

/**
 * The instances of a run's workload JSON as the analysis needs them: names, applications, rates
 * and window starts, read by the config module's own parser (`workloadInstances`).
 */
export function configuredInstances(config: unknown): ConfiguredInstance[] {
  return workloadInstances(config).map(({ name, application, arrival }) =>
    arrival.kind === 'trace'
      ? { name, application, distribution: 'trace', rate: null, windowStartS: null }
      : {
          name,
          application,
          distribution: arrival.kind,
          rate: arrival.rate,
          windowStartS: arrival.window?.[0] ?? null,
        },
  );
}

/**
 * Whether an instance's application is this function: activation records name the action
 * without namespace or package, while configs may write `package/action` or `/ns/pkg/action`.
 */
export function isInstanceOf(instance: ConfiguredInstance, funcName: string): boolean {
  const app = instance.application;
  return app === funcName || app.slice(app.lastIndexOf('/') + 1) === funcName;
}
