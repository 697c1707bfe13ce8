import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { readRunMonitoring, startRuntimeMonitoring } from '../../src/monitor/index.js';
import { silentLogger } from '../../src/log.js';
import { runDir } from '../helpers/monitor-fixtures.js';

// No cluster here: a kubectl test double (tests/fixtures/monitor/fake-kubectl) runs the pod's
// command on this machine, so the argument handling, the scripts piped in over stdin, the run of
// the bundled RuntimeMonitoring.sh and the copy-back over `kubectl exec` are exercised for real.
const FAKE_KUBECTL_DIR = new URL('../fixtures/monitor/fake-kubectl/', import.meta.url).pathname;

test("kubectl target: -i added after exec, scripts piped in, outputs back under the pod's name", async (t) => {
  const { meta, mon } = runDir(t, 'faas kubectl run ');
  const log = join(meta, 'kubectl-args.log');
  const warnings: string[] = [];
  // The remote RuntimeMonitoring.sh is asked for an unknown monitor: it must report it (exit 3)
  // and the copy-back must still bring its log home, whatever tools this machine has.
  const outputs = await startRuntimeMonitoring({
    script: null,
    durationS: 1,
    monitoringDir: mon,
    metadataDir: meta,
    logger: silentLogger(),
    warn: (m) => warnings.push(m),
    targets: [{ kubectl: '-n openwhisk exec owdev-invoker-0 --' }],
    env: {
      ...process.env,
      PATH: `${FAKE_KUBECTL_DIR}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_KUBECTL_LOG: log,
      FAAS_MONITORS: 'nosuchmonitor',
    },
  }).finish();
  assert.deepEqual(outputs, [
    { kind: 'script', host: 'owdev-invoker-0', path: 'monitoring/owdev-invoker-0/runtime_script.log' },
  ]);
  assert.match(
    readFileSync(join(meta, 'monitoring', 'owdev-invoker-0', 'runtime_script.log'), 'utf8'),
    /unknown monitor 'nosuchmonitor'/,
  );
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0] as string,
    /^monitoring target owdev-invoker-0: remote RuntimeMonitoring\.sh exited with code 3/,
  );
  const calls = readFileSync(log, 'utf8').trim().split('\n');
  assert.ok(calls.length >= 3, calls.join('\n')); // unpack, run, pack, clean
  assert.ok(
    calls.every((c) => c.startsWith('-n openwhisk exec -i owdev-invoker-0 -- sh -c ')),
    calls.join('\n'),
  );
  assert.deepEqual(await readRunMonitoring(outputs, meta, (m) => assert.fail(m)), []);
});
