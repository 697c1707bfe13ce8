import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { validateArchive } from '../../src/archive/validate.js';
import { makeArchive } from '../fixtures/archives/make.js';

const good = makeArchive({
  testName: 'v_10ps',
  createdMs: Date.UTC(2024, 0, 1),
  functions: [{ name: 'f', rate: 10, count: 6, coldEvery: 3 }],
  monitoring: [
    { source: 'perf', host: 'local', metric: 'cycles', unit: null, origin_ms: null, points: [{ t: 1, value: null }] },
  ],
});
const REQUIRED_TOP = [
  'format',
  'version',
  'created_ms',
  'test_name',
  'since_ms',
  'metadata',
  'functions',
  'overall',
  'activations',
  'invocations',
  'monitoring',
];
const REQUIRED_ACTIVATION = [
  'func_name',
  'activationId',
  'namespace',
  'start',
  'end',
  'duration',
  'waitTime',
  'initTime',
  'latency',
  'execution',
  'kind',
  'statusCode',
  'cold',
];

test('a well-formed archive validates, with and without optional parts', () => {
  assert.equal(validateArchive(good).ok, true);
  assert.equal(validateArchive(JSON.parse(JSON.stringify(good))).ok, true);
  const withResult = { ...good, activations: good.activations.map((a) => ({ ...a, result: { any: ['json'] } })) };
  assert.equal(validateArchive(withResult).ok, true);
  const withMetadata = {
    ...good,
    metadata: JSON.parse(readFileSync(new URL('../fixtures/v0.1.0/logs/test_metadata.json', import.meta.url), 'utf8')),
  };
  assert.equal(validateArchive(withMetadata).ok, true);
});

test('removing any required top-level field is rejected with a reason naming it', () => {
  fc.assert(
    fc.property(fc.constantFrom(...REQUIRED_TOP), (key) => {
      const broken: Record<string, unknown> = { ...good };
      delete broken[key];
      const r = validateArchive(broken);
      assert.equal(r.ok, false);
      if (!r.ok) assert.ok(r.reason.includes(key), `${key}: ${r.reason}`);
    }),
  );
});

test('a wrong type in any required activation field is rejected with its path', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...REQUIRED_ACTIVATION),
      fc.nat(good.activations.length - 1),
      fc.constantFrom<unknown>('text', {}, [], true, undefined),
      (key, index, bad) => {
        const wrongAsString =
          typeof bad === 'string' &&
          (key === 'func_name' || key === 'activationId' || key === 'namespace' || key === 'kind');
        const wrongAsBool = typeof bad === 'boolean' && key === 'cold';
        fc.pre(!wrongAsString && !wrongAsBool);
        const activations = good.activations.map((a, i) => (i === index ? { ...a, [key]: bad } : a));
        const r = validateArchive({ ...good, activations });
        assert.equal(r.ok, false);
        if (!r.ok) assert.ok(r.reason.includes(`activations[${index}].${key}`), r.reason);
      },
    ),
  );
});

test('non-finite numbers and fractional counts are corruption', () => {
  const nan = validateArchive({ ...good, since_ms: Number.NaN });
  assert.equal(nan.ok, false);
  const fractional = validateArchive({ ...good, functions: [{ ...good.functions[0]!, count: 1.5 }] });
  assert.equal(fractional.ok, false);
  if (!fractional.ok) assert.match(fractional.reason, /functions\[0\]\.count/);
});

test('unknown fields anywhere are accepted and kept', () => {
  const extended = {
    ...good,
    extra: 1,
    overall: { ...good.overall, extra: 2 },
    monitoring: [{ ...good.monitoring[0]!, extra: 3 }],
  };
  const r = validateArchive(extended);
  assert.equal(r.ok, true);
  if (r.ok) assert.equal(r.archive, extended);
});
