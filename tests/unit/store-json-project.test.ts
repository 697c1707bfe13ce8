import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { project } from '../../src/platform/store/find-query.js';
import { planFields, projectJsonText } from '../../src/platform/store/json-project.js';
import { syntheticActivation } from '../../src/platform/store/synthetic.js';

const keyArb = fc.constantFrom('a', 'b', 'response', 'start', 'x"y', 'é\\z', '_id');
const docArb = fc.dictionary(
  keyArb,
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(keyArb, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })),
  { maxKeys: 6 },
);
const fieldsArb = fc.array(fc.array(keyArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 });

test('text projection equals parse + project for any document and field list', () => {
  fc.assert(
    fc.property(docArb, fieldsArb, fc.boolean(), (doc, fields, pretty) => {
      const text = pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
      const expected = project(JSON.parse(text), fields);
      assert.deepEqual(JSON.parse(projectJsonText(text, planFields(fields))), expected);
    }),
    { numRuns: 500 },
  );
});

test("the analyzer's field list on a stored activation", () => {
  const doc = { ...syntheticActivation(10), _rev: '1-abc' };
  const fields = ['_id', 'start', 'annotations', 'response.statusCode'].map((f) => f.split('.'));
  const out = JSON.parse(projectJsonText(JSON.stringify(doc), planFields(fields))) as Record<string, unknown>;
  assert.deepEqual(out, { _id: doc._id, start: doc.start, annotations: doc.annotations, response: { statusCode: 0 } });
});

test('malformed text is rejected rather than half-projected', () => {
  assert.throws(() => projectJsonText('[1,2]', planFields([['a']])), SyntaxError);
  assert.throws(() => projectJsonText('{"a":"open', planFields([['a']])), SyntaxError);
});
