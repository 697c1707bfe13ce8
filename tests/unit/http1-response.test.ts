/**
 * The incremental HTTP/1.x response reader: whatever the split of the bytes, the same answers
 * (head, body, end) come out, and they are the answers that were written; malformed bytes throw
 * HttpProtocolError.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  HttpProtocolError,
  ResponseReader,
  type ResponseHead,
  type ResponseSink,
} from '../../src/invoke/transports/http1-response.js';

const WATCHED = 'x-openwhisk-activation-id';

/** What a reader reported for one answer. */
interface Answer {
  head: ResponseHead;
  body: Buffer;
  ended: boolean;
}

/** A sink that checks the call order (head, data*, end) and collects the answers. */
class Collector implements ResponseSink {
  readonly answers: Answer[] = [];
  onHead(head: ResponseHead): void {
    const last = this.answers.at(-1);
    assert.ok(last === undefined || last.ended, 'a head before the previous answer ended');
    this.answers.push({ head, body: Buffer.alloc(0), ended: false });
  }
  onData(chunk: Buffer): void {
    const last = this.answers.at(-1);
    assert.ok(last !== undefined && !last.ended, 'body bytes outside an answer');
    assert.ok(chunk.length > 0, 'an empty data chunk');
    last.body = Buffer.concat([last.body, chunk]);
  }
  onEnd(): void {
    const last = this.answers.at(-1);
    assert.ok(last !== undefined && !last.ended, 'an end outside an answer');
    last.ended = true;
  }
}

/** Feeds `bytes` cut at `cuts` (offsets, any order, duplicates allowed). */
function feed(reader: ResponseReader, bytes: Buffer, cuts: readonly number[], sink: ResponseSink): void {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    if (to > from) reader.push(bytes.subarray(from, to), sink);
    from = to;
  }
}

// ---- a model of answers, and their serialisation -------------------------------------------

type Body =
  | { kind: 'none'; claimedLength: number | null }
  | { kind: 'length'; data: Uint8Array }
  | {
      kind: 'chunked';
      chunks: { data: Uint8Array; sizeText: (n: number) => string; ext: string }[];
      trailers: [string, string][];
    }
  | { kind: 'close'; data: Uint8Array };

interface Model {
  version: '1.0' | '1.1';
  informational: { status: number; headers: [string, string][] }[];
  status: number;
  watched: string | null;
  connection: 'close' | 'keep-alive' | null;
  keepAliveS: number | null;
  extra: [string, string][];
  body: Body;
  /** Per-character case of header names (bit i: upper case), and spaces around values. */
  caseBits: number;
  spaces: string;
}

const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
const fieldValue = fc.stringMatching(/^[!-~]([ !-~]{0,20}[!-~])?$/);
const bytes = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 120 }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('\r\n\r\n', '0\r\n\r\n', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n', '\r')
      .map((s) => Buffer.from(s)),
  },
);
/** Extra header names that would change the framing or the head are left out. */
const extraHeader = fc.tuple(
  token.filter((n) => !['content-length', 'transfer-encoding', 'connection', 'keep-alive', WATCHED].includes(n)),
  fieldValue,
);

const chunkSizeText = fc.constantFrom(
  (n: number) => n.toString(16),
  (n: number) => n.toString(16).toUpperCase(),
  (n: number) => `00${n.toString(16)}`,
);
const chunkExt = fc.oneof(
  fc.constant(''),
  fc.constantFrom(';a=b', ' ;x', '\t; name="quoted value"', ';p;q=1'),
  token.map((t) => `;${t}`),
);

const bodyFor = (status: number, last: boolean): fc.Arbitrary<Body> => {
  if (status === 204) return fc.constant({ kind: 'none', claimedLength: null });
  if (status === 304)
    return fc
      .option(fc.nat({ max: 5000 }), { nil: null })
      .map((claimedLength) => ({ kind: 'none', claimedLength }) as const);
  const options: fc.Arbitrary<Body>[] = [
    bytes.map((data) => ({ kind: 'length', data }) as const),
    fc
      .record({
        chunks: fc.array(
          fc.record({ data: bytes.filter((b) => b.length > 0), sizeText: chunkSizeText, ext: chunkExt }),
          { maxLength: 5 },
        ),
        trailers: fc.array(extraHeader, { maxLength: 2 }),
      })
      .map((c) => ({ kind: 'chunked', ...c }) as const),
  ];
  // A body delimited by the close of the connection can only be the last answer.
  if (last) options.push(bytes.map((data) => ({ kind: 'close', data }) as const));
  return fc.oneof(...options);
};

const model = (last: boolean): fc.Arbitrary<Model> =>
  fc
    .record({
      version: fc.constantFrom('1.0' as const, '1.1' as const),
      informational: fc.array(
        fc.record({ status: fc.constantFrom(100, 102, 103), headers: fc.array(extraHeader, { maxLength: 2 }) }),
        { maxLength: 2 },
      ),
      status: fc.oneof(fc.integer({ min: 200, max: 599 }), fc.constantFrom(200, 202, 204, 304, 502)),
      watched: fc.option(fc.stringMatching(/^[0-9a-f]{32}$/), { nil: null }),
      connection: fc.constantFrom('close' as const, 'keep-alive' as const, null),
      keepAliveS: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
      extra: fc.array(extraHeader, { maxLength: 3 }),
      caseBits: fc.nat(),
      spaces: fc.constantFrom('', ' ', '  ', '\t'),
    })
    .chain((m) => bodyFor(m.status, last).map((body) => ({ ...m, body })));

function casedName(name: string, bits: number): string {
  return [...name].map((ch, i) => ((bits >> (i % 31)) & 1 ? ch.toUpperCase() : ch)).join('');
}

function serialise(m: Model): Buffer {
  const field = (name: string, value: string) => `${casedName(name, m.caseBits)}:${m.spaces}${value}${m.spaces}\r\n`;
  const parts: (string | Uint8Array)[] = [];
  // 1xx answers exist from HTTP/1.1 on.
  if (m.version === '1.1')
    for (const info of m.informational)
      parts.push(`HTTP/1.1 ${info.status} Info\r\n${info.headers.map(([n, v]) => field(n, v)).join('')}\r\n`);
  let head = `HTTP/${m.version} ${m.status} Some Reason\r\n`;
  head += m.extra.map(([n, v]) => field(n, v)).join('');
  if (m.watched !== null) head += field(WATCHED, m.watched);
  if (m.connection !== null) head += field('connection', m.connection);
  if (m.keepAliveS !== null) head += field('keep-alive', `timeout=${m.keepAliveS}, max=1000`);
  const { body } = m;
  if (body.kind === 'none' && body.claimedLength !== null) head += field('content-length', String(body.claimedLength));
  if (body.kind === 'length') head += field('content-length', String(body.data.length));
  if (body.kind === 'chunked') head += field('transfer-encoding', 'chunked');
  parts.push(`${head}\r\n`);
  if (body.kind === 'length' || body.kind === 'close') parts.push(body.data);
  if (body.kind === 'chunked') {
    for (const c of body.chunks) parts.push(`${c.sizeText(c.data.length)}${c.ext}\r\n`, c.data, '\r\n');
    parts.push(`0\r\n${body.trailers.map(([n, v]) => field(n, v)).join('')}\r\n`);
  }
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
}

function expected(m: Model): Answer {
  const { body } = m;
  const data =
    body.kind === 'none'
      ? Buffer.alloc(0)
      : body.kind === 'chunked'
        ? Buffer.concat(body.chunks.map((c) => c.data))
        : Buffer.from(body.data);
  const close =
    body.kind === 'close' || m.connection === 'close' || (m.version === '1.0' && m.connection !== 'keep-alive');
  const keepAliveMs = m.keepAliveS === null ? null : m.keepAliveS * 1000;
  return { head: { status: m.status, watched: m.watched, close, keepAliveMs }, body: data, ended: true };
}

const conversation = fc
  .tuple(fc.array(model(false), { maxLength: 4 }), model(true))
  .map(([first, last]) => [...first, last]);
const cuts = fc.array(fc.nat(), { maxLength: 40 });

test('any split of a conversation gives the answers that were written, as fed whole', () => {
  fc.assert(
    fc.property(conversation, cuts, fc.boolean(), (models, cutAt, watch) => {
      const wire = Buffer.concat(models.map(serialise));
      const want = models.map(expected).map((a) => (watch ? a : { ...a, head: { ...a.head, watched: null } }));
      const results = [[] as number[], cutAt].map((split) => {
        const reader = new ResponseReader(watch ? WATCHED : null);
        const sink = new Collector();
        feed(reader, wire, split, sink);
        const closeDelimited = models.at(-1)!.body.kind === 'close';
        if (!closeDelimited) assert.equal(reader.idle, true);
        assert.equal(reader.close(sink), true);
        return sink.answers;
      });
      assert.deepEqual(results[0], want);
      assert.deepEqual(results[1], want);
    }),
    { numRuns: 300 },
  );
});

test('a body delimited by the close is ended by close(); nothing is idle before', () => {
  const reader = new ResponseReader(null);
  const sink = new Collector();
  reader.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello '), sink);
  reader.push(Buffer.from('world'), sink);
  assert.equal(reader.idle, false);
  assert.equal(sink.answers[0]!.ended, false);
  assert.equal(reader.close(sink), true);
  assert.deepEqual(sink.answers, [
    {
      head: { status: 200, watched: null, close: true, keepAliveMs: null },
      body: Buffer.from('hello world'),
      ended: true,
    },
  ]);
});

test('close() in the middle of an answer returns false and ends nothing; between answers, true', () => {
  const cutShort = [
    'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nx-trailer: 1\r\n',
    'HTTP/1.1 200 OK\r\nContent-',
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 2',
  ];
  for (const text of cutShort) {
    const reader = new ResponseReader(null);
    const sink = new Collector();
    reader.push(Buffer.from(text), sink);
    assert.equal(reader.close(sink), false, JSON.stringify(text));
    assert.ok(
      sink.answers.every((a) => !a.ended),
      JSON.stringify(text),
    );
  }
  const reader = new ResponseReader(null);
  const sink = new Collector();
  reader.push(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'), sink);
  assert.equal(reader.close(sink), true);
  assert.equal(sink.answers.length, 1);
});

const GOOD = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const HUGE = 64 * 1024 + 10;
const malformed: Record<string, string> = {
  'not HTTP': 'ICY 200 OK\r\n\r\n',
  'HTTP/2': 'HTTP/2 200 OK\r\n\r\n',
  'two-digit status': 'HTTP/1.1 20 OK\r\n\r\n',
  'four-digit status': 'HTTP/1.1 2000 OK\r\n\r\n',
  'header line without a colon': 'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
  'bad content-length': 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
  'two different content-lengths': 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 3\r\n\r\nabc',
  'chunk size not hex': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
  'chunk size empty': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n',
  'chunk size 0x-prefixed': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n',
  'chunk size over 12 hex digits': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000\r\n',
  'no CRLF after chunk data': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n',
  '101 Switching Protocols': 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n',
  'head over 64 KiB': `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(HUGE)}\r\nContent-Length: 0\r\n\r\n`,
  'chunk line over 8 KiB': `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(9000)}\r\nx\r\n0\r\n\r\n`,
};

test('malformed answers throw HttpProtocolError however they are split; the answer before is whole', () => {
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(malformed)), cuts, (name, cutAt) => {
      const reader = new ResponseReader(null);
      const sink = new Collector();
      assert.throws(
        () => feed(reader, Buffer.from(GOOD + malformed[name]!, 'latin1'), cutAt, sink),
        (err) => err instanceof HttpProtocolError && err.code === 'FAAS_HTTP_PROTOCOL',
        name,
      );
      assert.deepEqual(sink.answers[0], {
        head: { status: 200, watched: null, close: false, keepAliveMs: null },
        body: Buffer.from('ok'),
        ended: true,
      });
    }),
    { numRuns: 200 },
  );
});

test('any status line other than HTTP/1.0 or 1.1 with a three-digit code is refused', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 30 }).filter((s) => !s.includes('\r\n') && !/^HTTP\/1\.[01] \d{3}(?: |$)/.test(s)),
      (line) => {
        assert.throws(
          () => new ResponseReader(null).push(Buffer.from(`${line}\r\n\r\n`, 'latin1'), new Collector()),
          HttpProtocolError,
        );
      },
    ),
  );
});

test('equal repeated content-lengths are accepted; the watched header is matched whatever its case', () => {
  const reader = new ResponseReader('x-id');
  const sink = new Collector();
  reader.push(
    Buffer.from('HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\nX-ID: abc\r\ncontent-length: 2\r\n\r\nokHTTP/1.1 2'),
    sink,
  );
  reader.push(Buffer.from('00 OK\r\nx-id:\r\nContent-Length: 0\r\n\r\n'), sink);
  assert.deepEqual(
    sink.answers.map((a) => [a.head.status, a.head.watched, a.body.toString()]),
    [
      [202, 'abc', 'ok'],
      [200, null, ''],
    ],
  );
});

test('the head (64 KiB) and chunk line (8 KiB) limits are exact and do not depend on the split', () => {
  const head = (bytes: number) => {
    const start = 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nx-pad: ';
    return `${start}${'a'.repeat(bytes - start.length)}\r\n\r\n`;
  };
  const chunked = (lineBytes: number) =>
    `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(lineBytes - 2)}\r\nx\r\n0\r\n\r\n`;
  const cases: [string, boolean][] = [
    [head(64 * 1024), true],
    [head(64 * 1024 + 1), false],
    [chunked(8 * 1024), true],
    [chunked(8 * 1024 + 1), false],
  ];
  fc.assert(
    fc.property(fc.constantFrom(...cases), cuts, ([text, accepted], cutAt) => {
      const run = () => feed(new ResponseReader(null), Buffer.from(text), cutAt, new Collector());
      if (accepted) run();
      else assert.throws(run, HttpProtocolError);
    }),
    { numRuns: 100 },
  );
});
