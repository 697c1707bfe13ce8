/**
 * One activation as the analysis keeps it: normalised from a CouchDB document, a REST API
 * `docs=true` record or CLI output (see `activation-doc.ts` for the stored shape). Times in epoch
 * ms, durations in ms. Archived in `activations` of the analyzer's archive.
 */
import { z } from 'zod';
import { epochMs, ms, nonNegativeMs } from './numbers.js';

export const activationSchema = z
  .object({
    /** Action name without namespace or package (`name` in OpenWhisk). */
    func_name: z.string(),
    activationId: z.string(),
    namespace: z.string(),
    start: epochMs,
    end: epochMs,
    /** Includes initTime on cold starts. */
    duration: nonNegativeMs,
    /** Annotation `waitTime`, 0 when absent. */
    waitTime: nonNegativeMs,
    /** Annotation `initTime`, 0 when absent (absent = warm start). */
    initTime: nonNegativeMs,
    /** duration + waitTime. */
    latency: ms,
    /** duration − initTime. */
    execution: ms,
    /** Annotation `kind` (e.g. `nodejs:20`); records without one are triggers and are skipped. */
    kind: z.string(),
    /** 0 success, 1 application error, 2 developer error, 3 whisk error; null when unknown. */
    statusCode: z.number().int().nullable(),
    cold: z.boolean(),
    /** `response.result`, kept only when results were asked for (`-r`). */
    result: z.unknown().optional(),
  })
  .readonly();

export type Activation = z.infer<typeof activationSchema>;
