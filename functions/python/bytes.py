# bytes (web action): returns the length and SHA-256 of the request body. Binary bodies arrive
# base64-encoded in __ow_body, text bodies as strings.
import base64
import hashlib
import re


def main(args):
    headers = args.get('__ow_headers') or {}
    ctype = str(headers.get('content-type', ''))
    raw = args.get('__ow_body')
    is_text = re.match(r'^(text/|application/(json|xml|javascript))', ctype) is not None
    if raw is None:
        body = b''
    elif is_text:
        body = str(raw).encode('utf-8')
    else:
        body = base64.b64decode(raw)
    return {'bytes': len(body), 'content_type': ctype, 'method': args.get('__ow_method'), 'sha256': hashlib.sha256(body).hexdigest()}
