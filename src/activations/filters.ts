/**
 * Which records are not activations of the workload's functions (reference doc §1.5):
 * the invoker's health pings and trigger activations.
 */

/** OpenWhisk's invokers ping themselves with `whisk.system/invokerHealthTestAction<N>`. */
export function isHealthCheck(name: string): boolean {
  return name.includes('invokerHealthTestAction');
}

/** Trigger activations end at 0 (Instant.EPOCH) and carry no `kind` annotation. */
export function isTrigger(end: number, kind: string | undefined): boolean {
  return end === 0 || kind === undefined;
}

/** Design documents share the activations database (`_design/activations`, Mango indexes). */
export function isDesignDoc(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith('_design/');
}
