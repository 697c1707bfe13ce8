import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  activationIdFromBody,
  classifyStatus,
  httpErrorText,
  networkErrorText,
} from '../../src/invoke/transports/http.js';
import { actionInvokeRequest, parseActionName } from '../../src/invoke/transports/openwhisk-http.js';
import { contentTypeFor, webActionRequest } from '../../src/invoke/transports/web-action.js';
import { genericRequest } from '../../src/invoke/transports/generic-http.js';
import { parseWskOutput, wskInvokeArgs } from '../../src/invoke/transports/wsk-cli.js';
import { REQUEST_TIMEOUT } from '../../src/invoke/transports/http1-pool.js';
import { warmUpRequests } from '../../src/invoke/warm-up.js';
import type { PreparedRequest } from '../../src/invoke/transports/types.js';

test('status mapping: 2xx ok, 502 app_error for OpenWhisk only, 429 throttled, other 4xx client_error, 5xx platform_error', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 100, max: 599 }),
      fc.constantFrom('openwhisk' as const, 'generic' as const),
      (status, flavour) => {
        const outcome = classifyStatus(status, flavour);
        if (status >= 200 && status < 300) assert.equal(outcome, 'ok');
        else if (status === 429) assert.equal(outcome, 'throttled');
        else if (status === 502) assert.equal(outcome, flavour === 'openwhisk' ? 'app_error' : 'platform_error');
        else if (status >= 400 && status < 500) assert.equal(outcome, 'client_error');
        else if (status >= 500) assert.equal(outcome, 'platform_error');
        else assert.equal(outcome, 'error');
      },
    ),
  );
});

test('httpErrorText: OpenWhisk {error} text, else the body, else the reason phrase', () => {
  assert.equal(
    httpErrorText(
      401,
      '{"error":"The supplied authentication is not authorized to access this resource.","code":"abc"}',
    ),
    '401 The supplied authentication is not authorized to access this resource.',
  );
  assert.equal(httpErrorText(503, 'System is overloaded,\n try again'), '503 System is overloaded, try again');
  assert.equal(httpErrorText(404, ''), '404 Not Found');
  assert.ok(httpErrorText(500, 'x'.repeat(5000)).length < 400);
});

test('activationIdFromBody reads {"activationId"} and nothing else', () => {
  assert.equal(
    activationIdFromBody('{"activationId":"0d8157ff2e1d4aca8157ff2e1d3acac3"}'),
    '0d8157ff2e1d4aca8157ff2e1d3acac3',
  );
  assert.equal(activationIdFromBody('{"payload":"hello"}'), null);
  assert.equal(activationIdFromBody('activationId but not json'), null);
  assert.equal(activationIdFromBody('{"activationId":42}'), null);
});

test('networkErrorText: the time limit becomes "timeout"; codes are kept once', () => {
  assert.equal(
    networkErrorText(Object.assign(new Error('no answer within 5 ms'), { code: REQUEST_TIMEOUT })),
    'timeout',
  );
  assert.equal(
    networkErrorText(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })),
    'connect ECONNREFUSED 127.0.0.1:9',
  );
  assert.equal(
    networkErrorText(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })),
    'DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate',
  );
});

test('action invoke request: path, query, basic auth, package and fully qualified names', () => {
  const body = Buffer.from('{"n":1}');
  const r = actionInvokeRequest({
    apihost: 'https://ow.example:31001/',
    auth: 'user:pass',
    namespace: '_',
    application: 'pkg/hello world',
    blocking: true,
    body,
  });
  assert.equal(r.origin, 'https://ow.example:31001');
  assert.equal(r.path, '/api/v1/namespaces/_/actions/pkg/hello%20world?blocking=true&result=true');
  assert.equal(r.headers['authorization'], `Basic ${Buffer.from('user:pass').toString('base64')}`);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.body, body);
  const q = actionInvokeRequest({
    apihost: 'http://h',
    auth: 'a:b',
    namespace: '_',
    application: '/guest/hello',
    blocking: false,
    body,
  });
  assert.equal(q.path, '/api/v1/namespaces/guest/actions/hello?blocking=false&result=true');
  assert.deepEqual(parseActionName('/ns/pkg/act', '_'), { namespace: 'ns', name: 'pkg/act' });
});

test('web action request: guest for the default namespace, default package, content type by extension, no auth', () => {
  const data = Buffer.from([0xff, 0xd8, 0xff]);
  const r = webActionRequest({
    apihost: 'http://127.0.0.1:3233',
    namespace: '_',
    application: 'image-resize',
    dataFile: '/x/Photo.JPG',
    data,
  });
  assert.equal(r.path, '/api/v1/web/guest/default/image-resize');
  assert.equal(r.headers['content-type'], 'image/jpeg');
  assert.equal(r.headers['authorization'], undefined);
  assert.equal(
    webActionRequest({ apihost: 'http://h', namespace: 'team', application: 'p/a', dataFile: 'f.bin', data }).path,
    '/api/v1/web/team/p/a',
  );
  assert.equal(contentTypeFor('clip.mp4'), 'video/mp4');
  assert.equal(contentTypeFor('noext'), 'application/octet-stream');
});

test('generic request posts data as JSON to the url (query kept), {} without data', () => {
  const r = genericRequest('http://127.0.0.1:8080/trigger?x=1', { message: 'sample.png' });
  assert.equal(r.origin, 'http://127.0.0.1:8080');
  assert.equal(r.path, '/trigger?x=1');
  assert.equal(Buffer.from(r.body).toString(), '{"message":"sample.png"}');
  assert.equal(Buffer.from(genericRequest('http://h/', undefined).body).toString(), '{}');
});

test('wsk arguments: blocking, param file, insecure, credentials only when given', () => {
  assert.deepEqual(wskInvokeArgs({ application: 'hello', blocking: false, paramFile: null, insecure: false }), [
    'action',
    'invoke',
    'hello',
  ]);
  assert.deepEqual(
    wskInvokeArgs({
      application: 'hello',
      blocking: true,
      paramFile: '/p.json',
      insecure: true,
      apihost: 'h',
      auth: 'k',
    }),
    ['action', 'invoke', 'hello', '--blocking', '-P', '/p.json', '-i', '--apihost', 'h', '--auth', 'k'],
  );
});

test('wsk output parsing follows the documented lines and exit codes', () => {
  const id = '0d8157ff2e1d4aca8157ff2e1d3acac3';
  assert.deepEqual(parseWskOutput(0, `ok: invoked /_/hello with id ${id}\n`, ''), {
    status: 0,
    outcome: 'ok',
    activationId: id,
    error: null,
  });
  assert.deepEqual(
    parseWskOutput(202, '', `ok: invoked /_/hello, but the request has not yet finished, with id ${id}\n`),
    { status: 202, outcome: 'ok', activationId: id, error: null },
  );
  const app = parseWskOutput(
    246,
    '',
    `ok: invoked /_/hello with id ${id}\n{\n    "activationId": "${id}",\n    "response": {"status": "application error"}\n}\n`,
  );
  assert.equal(app.outcome, 'app_error');
  assert.equal(app.activationId, id);
  const throttled = parseWskOutput(
    173,
    '',
    "error: Unable to invoke action 'hello': Too many requests in the last minute (count: 61, allowed: 60).\n",
  );
  assert.equal(throttled.outcome, 'throttled');
  assert.equal(
    throttled.error,
    "error: Unable to invoke action 'hello': Too many requests in the last minute (count: 61, allowed: 60).",
  );
  const notFound = parseWskOutput(
    148,
    '',
    "error: Unable to invoke action 'nope': The requested resource does not exist. (code abc)\n",
  );
  assert.deepEqual([notFound.status, notFound.outcome, notFound.activationId], [148, 'client_error', null]);
  assert.equal(parseWskOutput(244, '', '').outcome, 'platform_error', '244 = 500 - 256');
  const offline = parseWskOutput(3, '', '');
  assert.deepEqual([offline.outcome, offline.error], ['error', 'wsk exited with 3']);
});

test("warm-up requests: the run's own paths and headers, sent elsewhere, bodies cut to 16 KiB", () => {
  const big = new Uint8Array(8 * 1024 * 1024).fill(7);
  const small = new Uint8Array(Buffer.from('{"n":1}'));
  const requests: PreparedRequest[] = [
    {
      origin: 'https://ow.example:443',
      path: '/api/v1/web/guest/default/thumb',
      headers: { 'content-type': 'image/png' },
      body: big,
    },
    {
      origin: 'https://ow.example:443',
      path: '/api/v1/namespaces/_/actions/a?blocking=false',
      headers: { authorization: 'Basic x', 'content-type': 'application/json' },
      body: small,
    },
  ];
  const warm = warmUpRequests(requests, 'http://127.0.0.1:5555');
  assert.deepEqual(
    warm.map((r) => [r.origin, r.path, r.headers]),
    requests.map((r) => ['http://127.0.0.1:5555', r.path, r.headers]),
  );
  assert.equal(warm[0]!.body.byteLength, 16 * 1024);
  assert.deepEqual(Buffer.from(warm[1]!.body), Buffer.from(small));
});
