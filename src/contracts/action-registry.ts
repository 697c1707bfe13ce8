/**
 * whisk-local's `<dataDir>/actions.json`: the deployed actions, so that a restarted platform keeps
 * them. Version 1 is `{format, version, actions}`; 0.1.0 wrote the bare array, still read.
 */
import { z } from 'zod';
import { count, epochMs } from './numbers.js';
import { parseContract } from './problems.js';

export const ACTION_REGISTRY_FORMAT = 'whisk-local-actions';
export const ACTION_REGISTRY_VERSION = 1;

export const keyValueSchema = z.object({ key: z.string(), value: z.unknown() }).readonly();

export const runtimeFamilySchema = z.enum(['nodejs', 'python', 'native']);

export const actionLimitsSchema = z
  .object({
    /** ms */
    timeout: count,
    /** MB */
    memory: count,
    /** MB (recorded, not enforced) */
    logs: count,
    concurrency: count,
  })
  .readonly();

export const actionSchema = z
  .object({
    namespace: z.string(),
    /** null when the action is not in a package. */
    packageName: z.string().nullable(),
    name: z.string(),
    /** `ns/[pkg/]name`, as the `path` annotation of activations. */
    path: z.string(),
    version: z.string(),
    /** Changes on every create/update: containers of an older revision are never reused. */
    revision: count,
    exec: z
      .object({
        kind: z.string(),
        family: runtimeFamilySchema,
        code: z.string(),
        main: z.string(),
        binary: z.boolean(),
      })
      .readonly(),
    limits: actionLimitsSchema,
    parameters: z.array(keyValueSchema).readonly(),
    annotations: z.array(keyValueSchema).readonly(),
    webExport: z.boolean(),
    updated: epochMs,
  })
  .readonly();

const actionList = z.array(actionSchema).readonly();

export const actionRegistryFileSchema = z.object({
  format: z.literal(ACTION_REGISTRY_FORMAT),
  version: z.literal(ACTION_REGISTRY_VERSION),
  actions: actionList,
});

export type KeyValue = z.infer<typeof keyValueSchema>;
export type RuntimeFamily = z.infer<typeof runtimeFamilySchema>;
export type ActionLimits = z.infer<typeof actionLimitsSchema>;
export type Action = z.infer<typeof actionSchema>;

export function actionRegistryFile(actions: readonly Action[]): string {
  return JSON.stringify({ format: ACTION_REGISTRY_FORMAT, version: ACTION_REGISTRY_VERSION, actions });
}

/** The actions of the file as written now, or as 0.1.0 wrote it (a bare array); else a ContractError. */
export function parseActionRegistry(value: unknown, file: string): readonly Action[] {
  const where = { file, what: 'action registry' };
  return Array.isArray(value)
    ? parseContract(actionList, value, where)
    : parseContract(actionRegistryFileSchema, value, where).actions;
}
