import { join } from 'node:path';
import type { Logger } from 'pino';
import { redactUrl } from '../log.js';
import type { Workload } from '../config/types.js';
import type { ActivationStoreRef } from '../contracts/index.js';
import { lookupWhiskCredentials, resolveWhiskCredentials } from '../config/wskprops.js';
import type { WhiskLocal } from '../platform/index.js';
import type { OpenWhiskTarget } from './prepare.js';

/** What the run talks to, and how to let go of it afterwards. */
export interface RunTarget {
  /** Null for generic endpoints (and for the CLI transport: `wsk` resolves its own). */
  readonly openwhisk: OpenWhiskTarget | null;
  /** For the metadata: the API host without credentials, when known. */
  readonly apiHostForMetadata: string | null;
  readonly activationStore: ActivationStoreRef | null;
  /** Embedded only: the whisk-local instance to wait on and stop. */
  readonly platform: WhiskLocal | null;
}

export interface TargetOptions {
  readonly transport: 'http' | 'cli';
  readonly apihost?: string | undefined;
  readonly auth?: string | undefined;
  readonly insecure: boolean;
  readonly logsDir: string;
  readonly logger: Logger;
}

/** Without user info or a trailing slash. */
const hostForMetadata = (url: string): string => redactUrl(url).replace(/\/+$/, '');

/**
 * Resolves where invocations go before anything starts: a missing API host or key is one
 * UserError line naming every place looked at. `embedded` starts whisk-local with its store in
 * `<logsDir>/whisk-local` and deploys the applications the config names from `functions/` (and one action per sampled
 * trace function). The transport must fit the endpoint: `checkBeforeRun` has refused a mismatch already.
 */
export async function resolveTarget(workload: Workload, opts: TargetOptions): Promise<RunTarget> {
  if (workload.endpoint === 'generic') {
    return { openwhisk: null, apiHostForMetadata: null, activationStore: null, platform: null };
  }
  if (workload.endpoint === 'embedded') {
    const dataDir = join(opts.logsDir, 'whisk-local');
    // Loaded only here: the platform (HTTP API, store, containers) is heavy to import.
    const { deployWorkloadActions, startWhiskLocal } = await import('../platform/index.js');
    const platform = await startWhiskLocal({ apiPort: 0, dbPort: 0, dataDir, logger: opts.logger });
    try {
      await deployWorkloadActions({ apihost: platform.apihost, auth: platform.auth }, workload.instances);
    } catch (err) {
      await platform.stop();
      throw err;
    }
    return {
      openwhisk: { apihost: platform.apihost, auth: platform.auth, namespace: workload.namespace },
      apiHostForMetadata: hostForMetadata(platform.apihost),
      activationStore: {
        url: hostForMetadata(platform.dbUrl),
        db_name: platform.dbName,
        user: platform.dbUser,
        embedded_data_dir: platform.dataDir,
      },
      platform,
    };
  }
  const sources = { apihost: opts.apihost, auth: opts.auth };
  if (opts.transport === 'cli') {
    const found = await lookupWhiskCredentials(sources);
    return {
      openwhisk: null,
      apiHostForMetadata: found.apihost !== undefined ? hostForMetadata(found.apihost) : null,
      activationStore: null,
      platform: null,
    };
  }
  const creds = await resolveWhiskCredentials(sources);
  return {
    openwhisk: { apihost: creds.apihost, auth: creds.auth, namespace: workload.namespace },
    apiHostForMetadata: hostForMetadata(creds.apihost),
    activationStore: null,
    platform: null,
  };
}
