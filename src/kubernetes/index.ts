import { stringify } from 'yaml';
import type { Workload } from '../config/types.js';
import { workloadFiles } from './bundle.js';
import { kubernetesManifest } from './manifest.js';

export { kubernetesManifest, type KubeObject } from './manifest.js';

export interface ManifestOptions {
  readonly shards: number;
  readonly image: string;
  /** Seconds from now to the shared start: time to apply the manifest, pull the image and start every pod. */
  readonly leadS: number;
  readonly secretName: string;
  readonly namespace: string | null;
  readonly storage: string;
}

/** A DNS-1123 label from the test name and the start instant, unique per generated manifest. */
export function jobName(testName: string, startMs: number): string {
  const stamp = new Date(startMs).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15).toLowerCase();
  const base =
    testName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || 'run';
  return `fp-${base}-${stamp}`.replace(/-+/g, '-');
}

/** The multi-document YAML to `kubectl apply -f -`, and notes for stderr. */
export async function manifestYaml(
  workload: Workload,
  opts: ManifestOptions,
  nowMs: number,
): Promise<{ yaml: string; notes: string[] }> {
  const { files, notes } = await workloadFiles(workload);
  const startMs = Math.ceil(nowMs / 1000) * 1000 + opts.leadS * 1000;
  const objects = kubernetesManifest({
    name: jobName(workload.testName, startMs),
    namespace: opts.namespace,
    shards: opts.shards,
    image: opts.image,
    startAt: new Date(startMs).toISOString(),
    secretName: opts.secretName,
    storage: opts.storage,
    files,
  });
  return { yaml: objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'), notes };
}
