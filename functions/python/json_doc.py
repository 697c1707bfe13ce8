# json: parses the JSON text `text` and serialises it again; without `text`, builds a document of
# `items` entries (default 100) first. Returns the document's size and key count.
import json


def sample_document(items):
    return {'items': [{'id': i, 'name': 'item-%d' % i, 'tags': ['a', 'b', str(i % 7)], 'score': (i * 37) % 101} for i in range(items)]}


def main(args):
    text = args.get('text')
    if not isinstance(text, str):
        text = json.dumps(sample_document(int(args.get('items', 100))), separators=(',', ':'))
    try:
        doc = json.loads(text)
    except ValueError as ex:
        return {'error': 'text is not JSON: %s' % ex}
    out = json.dumps(doc, separators=(',', ':'))
    return {'bytes': len(out), 'keys': len(doc) if isinstance(doc, dict) else 0}
