import { workloadInstances } from '../config/index.js';
import { shapedIntegral } from '../schedule/shaped.js';
import type { ConfiguredInstance } from './types.js';

/**
 * The instances of a run's workload JSON as the analysis needs them: names, applications, rates
 * and window starts, read by the config module's own parser (`workloadInstances`).
 */
export function configuredInstances(config: unknown): ConfiguredInstance[] {
  return workloadInstances(config).map(({ name, application, arrival }): ConfiguredInstance => {
    switch (arrival.kind) {
      case 'Uniform':
      case 'Poisson':
        return {
          name,
          application,
          distribution: arrival.kind,
          rate: arrival.rate,
          windowStartS: arrival.window?.[0] ?? null,
        };
      case 'shaped': {
        // A ramp or steps: its mean rate over the time it spans.
        const first = arrival.segments[0];
        const span = first === undefined ? 0 : arrival.segments[arrival.segments.length - 1]!.end - first.start;
        return {
          name,
          application,
          distribution: arrival.process,
          rate: span > 0 ? shapedIntegral(arrival.segments) / span : null,
          windowStartS: first?.start ?? null,
        };
      }
      default:
        return { name, application, distribution: 'trace', rate: null, windowStartS: null };
    }
  });
}

/**
 * Whether an instance's application is this function: activation records name the action
 * without namespace or package, while configs may write `package/action` or `/ns/pkg/action`.
 */
export function isInstanceOf(instance: ConfiguredInstance, funcName: string): boolean {
  const app = instance.application;
  return app === funcName || app.slice(app.lastIndexOf('/') + 1) === funcName;
}
