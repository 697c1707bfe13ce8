# base64: encodes `text` (default "hello, whisk") or, with `decode: true`, decodes `base64` to text.
import base64


def main(args):
    if args.get('decode'):
        encoded = str(args.get('base64', ''))
        return {'text': base64.b64decode(encoded).decode('utf-8')}
    text = str(args.get('text', 'hello, whisk'))
    return {'base64': base64.b64encode(text.encode('utf-8')).decode('ascii'), 'length': len(text)}
