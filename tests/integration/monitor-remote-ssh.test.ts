import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { execa } from 'execa';
import pino from 'pino';
import { readRunMonitoring, startRuntimeMonitoring } from '../../src/monitor/index.js';
import { perfUnavailable, runDir, seriesNamed } from '../helpers/monitor-fixtures.js';
import type { MonitorTarget } from '../../src/config/types.js';

const SSHD = '/usr/sbin/sshd';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Why this test cannot run its own sshd here, or null. */
async function sshUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'needs root to run its own sshd on a loopback port';
  if (!existsSync(SSHD)) return 'sshd not installed: apt-get install openssh-server';
  const ssh = await execa('ssh', ['-V'], { reject: false });
  if (ssh.failed && (ssh as { code?: string }).code === 'ENOENT')
    return 'ssh not installed: apt-get install openssh-client';
  return perfUnavailable();
}

interface Sshd {
  readonly port: number;
  /** A target for root@127.0.0.1 with this sshd's port, the client key and a known_hosts holding its host key. */
  readonly target: MonitorTarget;
}

/** Our own sshd: temp host key and config, key-only root login, loopback, stopped after the test. */
async function startSshd(t: { after: (fn: () => Promise<void> | void) => void }): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'faas-sshd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')), { mode: 0o600 });
  const port = await freePort();
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${readFileSync(join(dir, 'host_key.pub'), 'utf8')}`);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `HostKey ${join(dir, 'host_key')}`,
      'ListenAddress 127.0.0.1',
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      'PidFile none',
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation directory
  const sshd = execa(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config'), '-p', String(port)], {
    reject: false,
    stdout: 'ignore',
    stderr: 'pipe',
  });
  t.after(async () => {
    sshd.kill('SIGTERM');
    await sshd;
  });
  // Ready when it says so on stderr (-e), or failed when it exits first.
  await new Promise<void>((resolve, reject) => {
    let text = '';
    sshd.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (/Server listening on 127\.0\.0\.1 port/.test(text)) resolve();
    });
    void sshd.then((r) => reject(new Error(`sshd exited: ${String(r.stderr ?? text).trim()}`)));
  });
  return {
    port,
    target: {
      ssh: 'root@127.0.0.1',
      port,
      identity: join(dir, 'client_key'),
      options: ['-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`],
    },
  };
}

/** A pino logger whose records we can read (the remote temp dir is logged). */
function memoryLogger(): { logger: pino.Logger; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return {
    logger: pino({ level: 'info' }, sink),
    records: () =>
      lines
        .flatMap((l) => l.split('\n'))
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

test('remote ssh target: scripts copied, run for the test, outputs copied back tagged by host; an unreachable host is one warning', async (t) => {
  const why = await sshUnavailable();
  if (why) return t.skip(why);
  const sshd = await startSshd(t);
  const { meta, mon } = runDir(t, 'faas remote run ');
  const closedPort = await freePort();
  const warnings: string[] = [];
  const { logger, records } = memoryLogger();
  const startMs = Date.now();
  const outputs = await startRuntimeMonitoring({
    script: null,
    durationS: 2,
    monitoringDir: mon,
    metadataDir: meta,
    logger,
    warn: (m) => warnings.push(m),
    targets: [sshd.target, { ssh: 'root@127.0.0.1', port: closedPort, options: ['-o', 'ConnectTimeout=3'] }],
    env: {
      ...process.env,
      FAAS_MONITORS: 'perf',
      FAAS_PERF_INTERVAL_MS: '500',
      FAAS_PERF_EVENTS: 'context-switches,page-faults',
    },
  }).finish();

  const host = `root@127.0.0.1:${sshd.port}`;
  const tag = `root@127.0.0.1_${sshd.port}`;
  assert.equal(warnings.length, 1, String(warnings));
  assert.match(
    warnings[0] as string,
    new RegExp(
      `^monitoring target root@127\\.0\\.0\\.1:${closedPort}: unreachable or refused \\(.*Connection refused.*\\); not monitored$`,
    ),
  );
  assert.deepEqual(outputs, [
    { kind: 'perf', host, path: `monitoring/${tag}/perf.csv` },
    { kind: 'script', host, path: `monitoring/${tag}/runtime_script.log` },
  ]);
  const series = await readRunMonitoring(outputs, meta, (m) => assert.fail(m), { runStartMs: startMs });
  const cs = seriesNamed(series, 'context-switches');
  assert.equal(cs.host, host);
  assert.ok(cs.points.length >= 3 && cs.points.every((p) => p.value !== null));
  assert.ok(cs.origin_ms !== null && cs.origin_ms >= startMs);
  // the remote temp dir (on this same machine) is gone
  const remoteDir = records().find((r) => r.msg === 'remote monitoring started')?.dir;
  assert.equal(typeof remoteDir, 'string');
  assert.equal(existsSync(remoteDir as string), false);
});

test('remote ssh target: stop() ends the remote monitors early and still copies back what they wrote', async (t) => {
  const why = await sshUnavailable();
  if (why) return t.skip(why);
  const sshd = await startSshd(t);
  const { meta, mon } = runDir(t, 'faas remote stop ');
  const warnings: string[] = [];
  const { logger, records } = memoryLogger();
  const session = startRuntimeMonitoring({
    script: null,
    durationS: 120,
    monitoringDir: mon,
    metadataDir: meta,
    logger,
    warn: (m) => warnings.push(m),
    targets: [sshd.target],
    env: { ...process.env, FAAS_MONITORS: 'perf', FAAS_PERF_INTERVAL_MS: '100', FAAS_PERF_EVENTS: 'context-switches' },
  });
  // Stop once perf on the "remote" host (this machine) has written intervals, as an interrupted invoker would.
  const remotePerf = (): string => {
    const dir = records().find((r) => r.msg === 'remote monitoring started')?.dir;
    return typeof dir === 'string' && existsSync(join(dir, 'out', 'perf.csv'))
      ? readFileSync(join(dir, 'out', 'perf.csv'), 'utf8')
      : '';
  };
  const waitFrom = Date.now();
  while ((remotePerf().match(/context-switches/g) ?? []).length < 2) {
    assert.ok(Date.now() - waitFrom < 30_000, 'the remote perf never wrote an interval');
    await new Promise((r) => setTimeout(r, 20));
  }
  const stopAt = Date.now();
  const outputs = await session.stop();
  assert.ok(Date.now() - stopAt < 15_000, `stop took ${Date.now() - stopAt} ms`);
  assert.deepEqual(warnings, []);
  const perf = outputs.find((o) => o.kind === 'perf' && o.host === `root@127.0.0.1:${sshd.port}`);
  assert.ok(perf, JSON.stringify(outputs));
  const series = await readRunMonitoring([perf], meta, (m) => assert.fail(m));
  assert.ok((series.find((s) => s.metric === 'context-switches')?.points.length ?? 0) >= 2);
  const remoteDir = records().find((r) => r.msg === 'remote monitoring started')?.dir as string;
  assert.equal(existsSync(remoteDir), false);
});
