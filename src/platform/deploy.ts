export interface FunctionManifest {
  /** Action name (e.g. `primes-python`) → how to create it. */
  readonly actions: Record<string, { readonly kind: string; readonly file: string; readonly main?: string; readonly memory?: number; readonly timeout?: number; readonly web?: boolean }>;
}

/** Reads `functions/manifest.json` (or the given one). */
export async function readFunctionManifest(path?: string): Promise<FunctionManifest> {
  void path;
  throw new Error('readFunctionManifest: not implemented yet');
}

/**
 * Creates or updates the named actions from the manifest on an OpenWhisk-compatible API host.
 * An application the manifest does not have is a UserError naming it.
 */
export async function deployFunctions(target: { apihost: string; auth: string; insecure?: boolean }, applications: readonly string[], manifestPath?: string): Promise<void> {
  void target;
  void applications;
  void manifestPath;
  throw new Error('deployFunctions: not implemented yet');
}
