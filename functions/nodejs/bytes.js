// bytes (web action): returns the length and SHA-256 of the request body. Binary bodies arrive
// base64-encoded in __ow_body, text bodies as strings.
const { createHash } = require('node:crypto');

function main(params) {
  const headers = params.__ow_headers || {};
  const type = String(headers['content-type'] || '');
  const raw = params.__ow_body;
  const text = /^(text\/|application\/(json|xml|javascript))/.test(type);
  const body = raw === undefined ? Buffer.alloc(0) : Buffer.from(String(raw), text ? 'utf8' : 'base64');
  return {
    bytes: body.length,
    content_type: type,
    method: params.__ow_method,
    sha256: createHash('sha256').update(body).digest('hex'),
  };
}
