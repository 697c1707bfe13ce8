import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isolatedEnv,
  json,
  readMetadata,
  runInvoker,
  startRecordingServer,
  tempDir,
  writeConfig,
  type RecordingServer,
} from './invoker-helpers.js';

let server: RecordingServer | null = null;
after(async () => server?.close());

test('monitoring hooks: runtime script started with the duration, post script after the last answer, outputs listed in the metadata', async () => {
  server = await startRecordingServer((_req, res) => json(res, 202, { activationId: 'c'.repeat(32) }));
  const dir = tempDir('inv-mon');
  const runtime = join(dir, 'runtime monitor.sh');
  const post = join(dir, 'post.sh');
  writeFileSync(runtime, '#!/bin/sh\necho "duration=$1" > runtime_out.txt\n');
  // The post script runs after the run: it sees every request already answered.
  writeFileSync(post, `#!/bin/sh\necho "post" > post_out.txt\n`);
  chmodSync(runtime, 0o755);
  chmodSync(post, 0o755);
  const config = writeConfig(
    dir,
    {},
    { i: { application: 'hello', distribution: 'Uniform', rate: 5, activity_window: null } },
  );
  const raw = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
  raw['perf_monitoring'] = { runtime_script: runtime, post_script: post };
  writeFileSync(config, JSON.stringify(raw));
  const logs = join(dir, 'logs');
  const r = await runInvoker(
    ['-c', config, '--out-dir', logs],
    isolatedEnv(dir, { WHISK_APIHOST: server.origin, WHISK_AUTH: 'u:k' }),
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(logs, 'monitoring', 'runtime_out.txt'), 'utf8').trim(), 'duration=1');
  assert.equal(readFileSync(join(logs, 'monitoring', 'post_out.txt'), 'utf8').trim(), 'post');
  const paths = readMetadata(logs).json.monitoring.map((m) => m.path);
  assert.ok(paths.includes(join('monitoring', 'runtime_out.txt')), JSON.stringify(paths));
  assert.ok(paths.includes(join('monitoring', 'post_out.txt')), JSON.stringify(paths));
});
