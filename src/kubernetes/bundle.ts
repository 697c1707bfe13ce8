/**
 * A workload made portable into a ConfigMap: the JSON with its param/data file paths replaced by
 * ConfigMap keys (resolved beside the mounted JSON), plus those files' contents.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Workload } from '../config/types.js';
import { UserError } from '../errors.js';
import { WORKLOAD_KEY, type WorkloadFile } from './manifest.js';

/** Kubernetes refuses a ConfigMap above 1 MiB (its whole object, so leave room for the rest). */
const MAX_CONFIGMAP_BYTES = 1000 * 1024;

function asEntry(key: string, bytes: Buffer): WorkloadFile {
  const text = bytes.toString('utf8');
  const isText = !text.includes('\u0000') && Buffer.from(text, 'utf8').equals(bytes);
  return isText ? { key, text } : { key, base64: bytes.toString('base64') };
}

/**
 * The ConfigMap entries of a workload: `workload.json` first, then each instance's param and
 * data file. Monitoring scripts are dropped (they watch the machine they run on, here a pod):
 * `notes` says so.
 */
export async function workloadFiles(workload: Workload): Promise<{ files: WorkloadFile[]; notes: string[] }> {
  if (workload.endpoint === 'embedded') {
    throw new UserError(
      `${workload.configPath}: endpoint "embedded" runs a platform inside each invoker; shards on Kubernetes need a shared OpenWhisk ("openwhisk")`,
    );
  }
  const raw = structuredClone(workload.raw) as {
    instances: Record<string, Record<string, unknown>>;
    perf_monitoring?: Record<string, unknown> | null;
  };
  const files: WorkloadFile[] = [];
  const notes: string[] = [];
  for (const [i, inst] of workload.instances.entries()) {
    const entry = raw.instances[inst.name]!;
    for (const [field, path, key] of [
      ['param_file', inst.paramFile, `instance-${i}-params.json`],
      ['data_file', inst.dataFile, `instance-${i}-data${extname(inst.dataFile ?? '').replace(/[^.\w-]/g, '')}`],
    ] as const) {
      if (path === null) continue;
      files.push(asEntry(key, await readFile(path)));
      entry[field] = key;
    }
  }
  const monitoring = raw.perf_monitoring;
  if (monitoring && (monitoring['runtime_script'] || monitoring['post_script'])) {
    notes.push('perf_monitoring scripts are left out of the Kubernetes workload (they would watch the pods)');
    raw.perf_monitoring = { runtime_script: null, post_script: null };
  }
  files.unshift({ key: WORKLOAD_KEY, text: `${JSON.stringify(raw, null, 2)}\n` });
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text ?? f.base64 ?? ''), 0);
  if (bytes > MAX_CONFIGMAP_BYTES) {
    throw new UserError(
      `${workload.configPath}: the workload and its files take ${bytes} bytes; a ConfigMap holds at most ${MAX_CONFIGMAP_BYTES}`,
    );
  }
  return { files, notes };
}
