import type { AzureTraceFiles, TraceFunction } from '../trace/index.js';

/**
 * The workload, as the rest of the program sees it once `loadWorkload` has validated a
 * FaaSProfiler-format JSON file. File paths here are absolute and known to exist.
 */

/** `local_openwhisk` (default when absent) and `openwhisk` are the same thing. */
export type EndpointName = 'local_openwhisk' | 'openwhisk' | 'generic' | 'embedded';

/** How invocations reach an OpenWhisk endpoint: REST API (default) or the `wsk` CLI. */
export type TransportName = 'http' | 'cli';

/** Seconds from test start; `null` in the JSON means the whole test. */
export type ActivityWindow = readonly [start: number, end: number];

/** Synthetic arrival processes. */
export type ProcessName = 'Uniform' | 'Poisson';

/**
 * A piece of a time-varying rate: linear from `from` at `start` to `to` at `end` (seconds from
 * test start; invocations/s). Ramps are one piece, steps one constant piece per step.
 */
export interface RateSegment {
  readonly start: number;
  readonly end: number;
  readonly from: number;
  readonly to: number;
}

/** How each trace minute's invocations are placed inside it. */
export type IatMode = 'exponential' | 'uniform' | 'equidistant';

/** An `azure.trace` instance as configured: which functions to sample, from which rows. */
export interface AzureTraceSpec {
  readonly files: AzureTraceFiles;
  /** Half-open range of trace minutes, 0-based. */
  readonly minutes: readonly [number, number];
  /** How many functions to sample (all candidates when fewer). */
  readonly functions: number;
  readonly iat: IatMode;
  /** Seconds one trace minute lasts in the test. */
  readonly minuteS: number;
  /** The candidates: functions with at least one invocation in `minutes`, in file order. */
  readonly candidates: readonly TraceFunction[];
}

export type ArrivalSpec =
  | { readonly kind: ProcessName; readonly rate: number; readonly window: ActivityWindow | null }
  /** Inter-arrival gaps in seconds; cumulative from test start; no activity window applies. */
  | { readonly kind: 'trace'; readonly interarrivals: readonly number[] }
  /** A ramp or steps: the rate varies piecewise linearly; pieces ascending and not overlapping. */
  | { readonly kind: 'shaped'; readonly process: ProcessName; readonly segments: readonly RateSegment[] }
  /** A trace replay before sampling (the schedule's `expandTraceInstances` replaces it). */
  | { readonly kind: 'azure'; readonly trace: AzureTraceSpec }
  /** One sampled trace function: exactly `counts[m]` invocations inside minute m (from test start). */
  | { readonly kind: 'minutes'; readonly counts: Uint32Array; readonly minuteS: number; readonly iat: IatMode };

export interface InstanceSpec {
  /** The key under `instances` (e.g. `instance1`). */
  readonly name: string;
  /** OpenWhisk action (`action` or `package/action`), or a label for generic endpoints. */
  readonly application: string;
  readonly arrival: ArrivalSpec;
  /** Absolute path of a JSON file sent as the request body (like `wsk -P`), or null. */
  readonly paramFile: string | null;
  /** Absolute path of a binary file posted to the web action URL, or null. */
  readonly dataFile: string | null;
  /** Generic endpoint only: where to POST. */
  readonly url: string | null;
  /** Generic endpoint only: JSON body (`undefined` when absent). */
  readonly data: unknown;
  /** A sampled trace function (kind `minutes` only): its hash and the percentiles its action draws from. */
  readonly traceFunction?: TraceFunction;
}

/** A remote host whose resources are monitored during the test (extension). */
export type MonitorTarget =
  | {
      /** ssh destination, e.g. `user@host`. */
      readonly ssh: string;
      readonly port?: number;
      /** Private key file (`ssh -i`). */
      readonly identity?: string;
      /** Extra ssh arguments, e.g. `["-o", "UserKnownHostsFile=/path/known_hosts"]`. */
      readonly options?: readonly string[];
    }
  /** Arguments placed before the command, e.g. `-n openwhisk exec owdev-invoker-0 --`. */
  | { readonly kubectl: string };

export interface PerfMonitoringSpec {
  /** Absolute path, or null. Started at test start with the test duration (s) as first argument. */
  readonly runtimeScript: string | null;
  /** Absolute path, or null. Run after the last response. */
  readonly postScript: string | null;
  readonly targets: readonly MonitorTarget[];
}

export interface Workload {
  readonly testName: string;
  readonly durationS: number;
  /** As written in the config; null means "derive one from the clock" (see `resolveSeed`). */
  readonly randomSeed: number | null;
  readonly blocking: boolean;
  readonly endpoint: EndpointName;
  readonly transport: TransportName;
  /** OpenWhisk namespace, `_` (the caller's default) unless given. */
  readonly namespace: string;
  /** Invocations scheduled before this many seconds are marked as warm-up in the records (absent or 0: none). */
  readonly warmupS?: number;
  /** In the order of the JSON object. */
  readonly instances: readonly InstanceSpec[];
  readonly perfMonitoring: PerfMonitoringSpec;
  /** Absolute path of the config file. */
  readonly configPath: string;
  /** The parsed JSON exactly as read (archived with the run). */
  readonly raw: unknown;
}
