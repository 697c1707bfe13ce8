import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadWorkload } from '../../src/config/index.js';
import { runWorkload } from '../../src/invoke/index.js';
import { buildSchedule, resolveSeed } from '../../src/schedule/index.js';
import {
  json,
  readRecords,
  seqsExactlyOnce,
  startRecordingServer,
  tempDir,
  writeConfig,
  type RecordingServer,
} from './invoker-helpers.js';

let server: RecordingServer | null = null;
after(async () => server?.close());

test('runWorkload as a library, from the TypeScript sources (dispatch workers load through tsx)', async () => {
  server = await startRecordingServer((req, res) =>
    json(res, req.url.includes('/bad') ? 404 : 202, {
      activationId: 'd'.repeat(32),
      error: 'The requested resource does not exist.',
    }),
  );
  const dir = tempDir('inv-lib');
  const config = writeConfig(
    dir,
    {},
    {
      good: { application: 'good', interarrivals_list: [0.02, 0.02, 0.02] },
      bad: { application: 'bad', interarrivals_list: [0.05] },
    },
  );
  const workload = await loadWorkload(config);
  const schedule = buildSchedule(workload, resolveSeed(workload.randomSeed));
  const out = new PassThrough();
  let printed = '';
  out.on('data', (c: Buffer) => (printed += c.toString()));
  const logsDir = join(dir, 'logs');
  const result = await runWorkload({
    workload,
    schedule,
    logsDir,
    apihost: server.origin,
    auth: 'u:k',
    insecure: false,
    wskPath: 'wsk',
    maxInFlight: null,
    progress: false,
    out,
    allowLate: true,
  });
  assert.equal(result.exitCode, 0);
  assert.equal(result.summary?.outcomes.ok, 3);
  assert.equal(result.summary?.outcomes.client_error, 1);
  assert.deepEqual(result.summary?.topErrors, [{ error: '404 The requested resource does not exist.', count: 1 }]);
  assert.match(printed, /^done: 4 scheduled, 4 sent, 3 ok, failed: client_error 1/);
  assert.ok(seqsExactlyOnce(readRecords(logsDir), 4));
  assert.equal(server.requests.length, 4);
});
