/**
 * One activation, normalised from a CouchDB document, a REST API `docs=true` record or CLI
 * output. Times in epoch ms, durations in ms.
 */
export interface Activation {
  /** Action name without namespace or package (`name` in OpenWhisk). */
  readonly func_name: string;
  readonly activationId: string;
  readonly namespace: string;
  readonly start: number;
  readonly end: number;
  /** Includes initTime on cold starts. */
  readonly duration: number;
  /** Annotation `waitTime`, 0 when absent. */
  readonly waitTime: number;
  /** Annotation `initTime`, 0 when absent (absent = warm start). */
  readonly initTime: number;
  /** duration + waitTime. */
  readonly latency: number;
  /** duration − initTime. */
  readonly execution: number;
  /** Annotation `kind` (e.g. `nodejs:20`); records without one are triggers and are skipped. */
  readonly kind: string;
  /** 0 success, 1 application error, 2 developer error, 3 whisk error; null when unknown. */
  readonly statusCode: number | null;
  readonly cold: boolean;
  /** `response.result`, kept only when results were asked for (`-r`). */
  readonly result?: unknown;
}
