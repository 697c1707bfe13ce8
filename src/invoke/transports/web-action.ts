import { extname } from 'node:path';
import { parseActionName, splitApiHost } from './openwhisk-http.js';
import type { PreparedRequest } from './types.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.xml': 'application/xml',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
};

/** Content type from the file extension (case-insensitive); `application/octet-stream` otherwise. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A binary POST to the web action URL `/api/v1/web/{namespace}/{package or default}/{action}`.
 * The default namespace `_` becomes `guest` (web URLs need a real namespace; FaaSProfiler uses
 * guest). Web actions need no auth header.
 */
export function webActionRequest(opts: {
  readonly apihost: string;
  readonly namespace: string;
  readonly application: string;
  readonly dataFile: string;
  readonly data: Uint8Array;
}): PreparedRequest {
  const { origin, basePath } = splitApiHost(opts.apihost);
  const action = parseActionName(opts.application, opts.namespace);
  const namespace = action.namespace === '_' ? 'guest' : action.namespace;
  const parts = action.name.split('/');
  const [pkg, name] = parts.length > 1 ? [parts[0]!, parts.slice(1).join('/')] : ['default', parts[0]!];
  return {
    origin,
    path: `${basePath}/api/v1/web/${encodeURIComponent(namespace)}/${encodeURIComponent(pkg)}/${encodeURIComponent(name)}`,
    headers: { 'content-type': contentTypeFor(opts.dataFile) },
    body: opts.data,
  };
}
