/**
 * The Kubernetes objects of a sharded run (pure): a ConfigMap holding the workload and its files,
 * a PersistentVolumeClaim for the shards' outputs, and an Indexed Job whose pod K runs
 * `workload-invoker --shard K/N --start-at T`. Credentials stay in a Secret the Job only names.
 */

/** Where the ConfigMap is mounted in each pod; the workload JSON is `WORKLOAD_KEY` there. */
const WORKLOAD_MOUNT = '/workload';
export const WORKLOAD_KEY = 'workload.json';
/** Where the results volume is mounted; shard K writes to `shard-K/` under it. */
const RESULTS_MOUNT = '/results';

/** One file of the workload as a ConfigMap entry: UTF-8 text, or base64 for binary data. */
export interface WorkloadFile {
  readonly key: string;
  readonly text?: string;
  readonly base64?: string;
}

export interface ManifestInput {
  /** Prefix of every object's name (a DNS-1123 label). */
  readonly name: string;
  readonly namespace: string | null;
  readonly shards: number;
  readonly image: string;
  /** The shared start, ISO 8601 in UTC. */
  readonly startAt: string;
  /** Secret with keys `apihost` and `auth` (never inlined here). */
  readonly secretName: string;
  /** Size of the results volume, e.g. `1Gi`. */
  readonly storage: string;
  /** The workload JSON (its file paths already pointing at the ConfigMap keys) first, then its files. */
  readonly files: readonly WorkloadFile[];
}

export type KubeObject = Record<string, unknown> & { apiVersion: string; kind: string };

const LABEL = 'faas-profiler/run';

export function kubernetesManifest(input: ManifestInput): KubeObject[] {
  const meta = (name: string) => ({
    name,
    ...(input.namespace === null ? {} : { namespace: input.namespace }),
    labels: { [LABEL]: input.name },
  });
  const text = input.files.filter((f) => f.text !== undefined);
  const binary = input.files.filter((f) => f.base64 !== undefined);
  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(`${input.name}-workload`),
    data: Object.fromEntries(text.map((f) => [f.key, f.text])),
    ...(binary.length === 0 ? {} : { binaryData: Object.fromEntries(binary.map((f) => [f.key, f.base64])) }),
  };
  const claim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(`${input.name}-results`),
    spec: {
      // Pods of one Job may land on different nodes: they all write to this volume.
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: input.storage } },
    },
  };
  const secretEnv = (envName: string, key: string) => ({
    name: envName,
    valueFrom: { secretKeyRef: { name: input.secretName, key } },
  });
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(input.name),
    spec: {
      completionMode: 'Indexed',
      completions: input.shards,
      parallelism: input.shards,
      // A retried shard would start after the shared instant: it fails instead, and is reported.
      backoffLimit: 0,
      template: {
        metadata: { labels: { [LABEL]: input.name } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'invoker',
              image: input.image,
              command: ['workload-invoker'],
              args: [
                ...['-c', `${WORKLOAD_MOUNT}/${WORKLOAD_KEY}`],
                ...['--shard', `$(JOB_COMPLETION_INDEX)/${input.shards}`, '--start-at', input.startAt],
                ...['--out-dir', `${RESULTS_MOUNT}/shard-$(JOB_COMPLETION_INDEX)`, '--no-progress'],
              ],
              env: [
                // Set by the Job controller too; declared so `$(JOB_COMPLETION_INDEX)` expands in args.
                {
                  name: 'JOB_COMPLETION_INDEX',
                  valueFrom: {
                    fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
                  },
                },
                secretEnv('WHISK_APIHOST', 'apihost'),
                secretEnv('WHISK_AUTH', 'auth'),
              ],
              volumeMounts: [
                { name: 'workload', mountPath: WORKLOAD_MOUNT, readOnly: true },
                { name: 'results', mountPath: RESULTS_MOUNT },
              ],
            },
          ],
          volumes: [
            { name: 'workload', configMap: { name: `${input.name}-workload` } },
            { name: 'results', persistentVolumeClaim: { claimName: `${input.name}-results` } },
          ],
        },
      },
    },
  };
  return [configMap, claim, job];
}
