/**
 * An activation document as OpenWhisk stores it in CouchDB (reference doc §1.1), and as the REST
 * API returns it with `docs=true` (§1.4). `activationDocSchema` is what the analyzer requires of
 * any record it reads (real OpenWhisk, ElasticSearch-style annotation objects, the REST API);
 * `storedActivationSchema` is the same document as whisk-local writes it, every field present.
 */
import { z } from 'zod';
import { keyValueSchema } from './action-registry.js';
import { epochMs, nonNegativeMs } from './numbers.js';

/** `[{key, value}]` in CouchDB and the REST API; a plain object in ElasticSearch. */
const annotationsSchema = z.union([z.array(keyValueSchema).readonly(), z.record(z.string(), z.unknown())]);

export const activationDocSchema = z.object({
  _id: z.string().optional(),
  /** Action name without namespace or package. */
  name: z.string().min(1),
  activationId: z.string().min(1),
  namespace: z.string().optional(),
  start: epochMs,
  /** 0 (Instant.EPOCH) for triggers in CouchDB; the REST API drops it for them. */
  end: epochMs.optional(),
  /** end − start when absent. */
  duration: nonNegativeMs.optional(),
  annotations: annotationsSchema.optional(),
  /** `statusCode` in the store; the API adds `status`/`success` (and a client-made statusCode). */
  response: z.record(z.string(), z.unknown()).optional(),
});

export const activationStatusCodeSchema = z.literal([0, 1, 2, 3]);

export const storedActivationSchema = activationDocSchema
  .extend({
    /** `<namespace>/<activationId>` */
    _id: z.string(),
    _rev: z.string().optional(),
    entityType: z.literal('activation'),
    updated: epochMs,
    namespace: z.string(),
    subject: z.string(),
    version: z.string(),
    publish: z.literal(false),
    end: epochMs,
    duration: nonNegativeMs,
    response: z
      .object({
        statusCode: activationStatusCodeSchema,
        result: z.unknown().optional(),
        size: z.number().optional(),
      })
      .readonly(),
    logs: z.array(z.string()).readonly(),
    annotations: z.array(keyValueSchema).readonly(),
    cause: z.string().optional(),
  })
  .readonly();

export type ActivationDoc = z.infer<typeof activationDocSchema>;
export type StoredActivation = z.infer<typeof storedActivationSchema>;
