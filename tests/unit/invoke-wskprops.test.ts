import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import {
  lookupWhiskCredentials,
  normalizeApiHost,
  parseWskProps,
  resolveWhiskCredentials,
} from '../../src/config/wskprops.js';

const KEY = '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';

function home(props: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'wskprops-'));
  if (props !== null) writeFileSync(join(dir, '.wskprops'), props);
  return dir;
}

test('parseWskProps: KEY=VALUE lines, comments stripped, lines without exactly one = skipped', () => {
  const props = parseWskProps(
    `# a comment\nAPIHOST=172.17.0.1 # trailing\n\nAUTH=${KEY}\nBROKEN\nA=B=C\n  apiversion = v1 \n`,
  );
  assert.equal(props.get('APIHOST'), '172.17.0.1');
  assert.equal(props.get('AUTH'), KEY);
  assert.equal(props.get('APIVERSION'), 'v1');
  assert.equal(props.has('BROKEN'), false);
  assert.equal(props.has('A'), false);
});

test('normalizeApiHost adds https:// to a bare host and trims trailing slashes', () => {
  assert.equal(normalizeApiHost('172.17.0.1'), 'https://172.17.0.1');
  assert.equal(normalizeApiHost('host:31001/'), 'https://host:31001');
  assert.equal(normalizeApiHost('http://127.0.0.1:3233//'), 'http://127.0.0.1:3233');
  fc.assert(
    fc.property(fc.domain(), fc.constantFrom('', '/', '//'), (domain, tail) => {
      const once = normalizeApiHost(domain + tail);
      assert.equal(once, `https://${domain}`);
      assert.equal(normalizeApiHost(once), once);
    }),
  );
});

test('precedence: flags over WHISK_* over WSK_CONFIG_FILE; each value resolved on its own', async () => {
  const h = home(`APIHOST=home-host\nAUTH=home:key\n`);
  const cfgDir = home(null);
  const cfg = join(cfgDir, 'props');
  writeFileSync(cfg, 'APIHOST=file-host\nAUTH=file:key\n');
  const env = { WSK_CONFIG_FILE: cfg, WHISK_APIHOST: 'http://env-host:1' };
  assert.deepEqual(await resolveWhiskCredentials({ env, home: h }), { apihost: 'http://env-host:1', auth: 'file:key' });
  assert.deepEqual(await resolveWhiskCredentials({ apihost: 'flag-host', auth: 'flag:key', env, home: h }), {
    apihost: 'https://flag-host',
    auth: 'flag:key',
  });
  assert.deepEqual(await resolveWhiskCredentials({ env: { WHISK_AUTH: 'env:key' }, home: h }), {
    apihost: 'https://home-host',
    auth: 'env:key',
  });
});

test('WSK_CONFIG_FILE set to an empty string disables ~/.wskprops', async () => {
  const h = home(`APIHOST=home-host\nAUTH=${KEY}\n`);
  const found = await lookupWhiskCredentials({ env: { WSK_CONFIG_FILE: '' }, home: h });
  assert.equal(found.apihost, undefined);
  assert.equal(found.auth, undefined);
});

test('missing values: one line naming every place looked at, never the key', async () => {
  const h = home(`AUTH=${KEY}\n`);
  await assert.rejects(resolveWhiskCredentials({ env: {}, home: h }), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.match(err.message, /no OpenWhisk API host found/);
    assert.match(err.message, /--apihost\/--auth, WHISK_APIHOST\/WHISK_AUTH, ~\/\.wskprops \(/);
    assert.ok(err.message.includes(join(h, '.wskprops')));
    assert.ok(!err.message.includes(KEY));
    assert.ok(!err.message.includes('\n'));
    return true;
  });
  const missingFile = join(h, 'nope');
  await assert.rejects(resolveWhiskCredentials({ env: { WSK_CONFIG_FILE: missingFile }, home: h }), (err: unknown) => {
    assert.match((err as Error).message, /API host or auth key/);
    assert.ok((err as Error).message.includes(`WSK_CONFIG_FILE (${missingFile})`));
    return true;
  });
});
