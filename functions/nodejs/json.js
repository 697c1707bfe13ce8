// json: parses the JSON text `text` and serialises it again; without `text`, builds a document of
// `items` entries (default 100) first. Returns the document's size and key count.
function sampleDocument(items) {
  const doc = { items: [] };
  for (let i = 0; i < items; i++)
    doc.items.push({ id: i, name: `item-${i}`, tags: ['a', 'b', String(i % 7)], score: (i * 37) % 101 });
  return doc;
}

function main(params) {
  const text =
    typeof params.text === 'string' ? params.text : JSON.stringify(sampleDocument(Number(params.items ?? 100)));
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: `text is not JSON: ${err.message}` };
  }
  const out = JSON.stringify(doc);
  const keys = doc !== null && typeof doc === 'object' ? Object.keys(doc).length : 0;
  return { bytes: out.length, keys };
}
