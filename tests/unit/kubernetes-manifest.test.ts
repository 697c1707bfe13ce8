import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { loadWorkload } from '../../src/config/index.js';
import { UserError } from '../../src/errors.js';
import { jobName, kubernetesManifest, manifestYaml, type KubeObject } from '../../src/kubernetes/index.js';

const REPO = join(import.meta.dirname, '..', '..');
const MODELS = k8s as unknown as Record<string, { getAttributeTypeMap?: () => { baseName: string; type: string }[] }>;
const KIND_MODEL: Record<string, string> = {
  ConfigMap: 'V1ConfigMap',
  PersistentVolumeClaim: 'V1PersistentVolumeClaim',
  Job: 'V1Job',
};

/**
 * Checks a value against the Kubernetes API types as @kubernetes/client-node's generated models
 * describe them (attributeTypeMap): every field must exist in its model, with the right shape.
 */
function problems(value: unknown, type: string, path: string): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return [`${path}: expected an array (${type})`];
    return value.flatMap((v, i) => problems(v, array[1]!, `${path}[${i}]`));
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected a map`];
    return Object.entries(value).flatMap(([k, v]) => problems(v, map[1]!, `${path}.${k}`));
  }
  if (type === 'string' || type === 'number' || type === 'boolean') {
    return typeof value === type ? [] : [`${path}: expected ${type}, got ${JSON.stringify(value)}`];
  }
  const attrs = MODELS[type]?.getAttributeTypeMap?.();
  if (attrs === undefined) return [`${path}: no model for type ${type}`];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected a ${type}`];
  return Object.entries(value).flatMap(([k, v]) => {
    const attr = attrs.find((a) => a.baseName === k);
    return attr === undefined ? [`${path}.${k}: not a field of ${type}`] : problems(v, attr.type, `${path}.${k}`);
  });
}

function validate(objects: readonly KubeObject[]): void {
  for (const o of objects) {
    const model = KIND_MODEL[o.kind];
    assert.ok(model, `unexpected kind ${o.kind}`);
    assert.deepEqual(problems(o, model, o.kind), []);
  }
}

test('the validator itself refuses a misspelt field and a wrong type', () => {
  assert.equal(problems({ spec: { completionsMode: 'Indexed' } }, 'V1Job', 'Job').length, 1);
  assert.equal(problems({ spec: { completions: '3' } }, 'V1Job', 'Job').length, 1);
});

test('for any shard count the manifest is a valid ConfigMap, volume claim and Indexed Job with the index in the command', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 500 }),
      fc.option(fc.constantFrom('load', 'team-a'), { nil: null }),
      (n, ns) => {
        const objects = kubernetesManifest({
          name: 'fp-t-1',
          namespace: ns,
          shards: n,
          image: 'registry.example/faas-profiler:1',
          startAt: '2026-01-01T00:00:00.000Z',
          secretName: 'openwhisk',
          storage: '1Gi',
          files: [
            { key: 'workload.json', text: '{}' },
            { key: 'instance-0-data.bin', base64: 'AAE=' },
          ],
        });
        validate(objects);
        const job = objects.find((o) => o.kind === 'Job') as unknown as k8s.V1Job;
        assert.equal(job.spec?.completionMode, 'Indexed');
        assert.equal(job.spec?.completions, n);
        assert.equal(job.spec?.parallelism, n);
        const [container] = job.spec!.template.spec!.containers;
        const args = container!.args!;
        assert.equal(args[args.indexOf('--shard') + 1], `$(JOB_COMPLETION_INDEX)/${n}`);
        assert.equal(args[args.indexOf('--start-at') + 1], '2026-01-01T00:00:00.000Z');
        const env = new Map(container!.env!.map((e) => [e.name, e]));
        assert.ok(env.get('JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef);
        for (const name of ['WHISK_APIHOST', 'WHISK_AUTH']) {
          assert.equal(env.get(name)?.valueFrom?.secretKeyRef?.name, 'openwhisk', name);
          assert.equal(env.get(name)?.value, undefined, `${name} is never inlined`);
        }
        for (const o of objects) assert.equal((o['metadata'] as { namespace?: string }).namespace, ns ?? undefined);
      },
    ),
  );
});

test('the printed YAML parses back to the same valid objects, with the workload and its param file in the ConfigMap', async () => {
  const workload = await loadWorkload(join(REPO, 'configs', 'faasprofiler', 'sample_workload_configs.json'));
  const now = Date.parse('2026-05-05T10:00:00.400Z');
  const opts = { shards: 4, image: 'img', leadS: 90, secretName: 's', namespace: null, storage: '2Gi' };
  const { yaml, notes } = await manifestYaml(workload, opts, now);
  const objects = parseAllDocuments(yaml).map((d) => d.toJS() as KubeObject);
  validate(objects);
  assert.deepEqual(
    objects.map((o) => o.kind),
    ['ConfigMap', 'PersistentVolumeClaim', 'Job'],
  );
  assert.match(notes.join('\n'), /perf_monitoring/);
  const data = (objects[0] as unknown as k8s.V1ConfigMap).data!;
  const mounted = JSON.parse(data['workload.json']!) as { instances: Record<string, { param_file?: string }> };
  const paramKey = mounted.instances['instance4']!.param_file!;
  assert.deepEqual(JSON.parse(data[paramKey]!), { n: 10 });
  const job = objects[2] as unknown as k8s.V1Job;
  assert.equal(job.metadata?.name, jobName(workload.testName, Date.parse('2026-05-05T10:01:31Z')));
  assert.ok(job.spec!.template.spec!.containers[0]!.args!.includes('2026-05-05T10:01:31.000Z'));
});

test('an embedded workload has no manifest: one line saying why', async () => {
  const workload = await loadWorkload(join(REPO, 'configs', 'demo.json'));
  const opts = { shards: 2, image: 'img', leadS: 60, secretName: 's', namespace: null, storage: '1Gi' };
  await assert.rejects(
    manifestYaml(workload, opts, Date.now()),
    (e: unknown) => e instanceof UserError && /embedded/.test(e.message),
  );
});

test('job names are DNS-1123 labels', () => {
  fc.assert(
    fc.property(fc.string(), fc.integer({ min: 0, max: 4_000_000_000_000 }), (name, ms) => {
      assert.match(jobName(name, ms), /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }),
  );
});
