// base64: encodes `text` (default "hello, whisk") or, with `decode: true`, decodes `base64` to text.
function main(params) {
  if (params.decode) {
    const encoded = String(params.base64 ?? '');
    return { text: Buffer.from(encoded, 'base64').toString('utf8') };
  }
  const text = String(params.text ?? 'hello, whisk');
  return { base64: Buffer.from(text, 'utf8').toString('base64'), length: text.length };
}
