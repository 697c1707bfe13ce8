import type { PreparedRequest } from './types.js';
import { basicAuthHeader } from '../../config/wskprops.js';

/** Where an action lives: `action`, `package/action`, or fully qualified `/namespace[/package]/action`. */
export interface ActionRef {
  readonly namespace: string;
  /** `action` or `package/action` */
  readonly name: string;
}

export function parseActionName(application: string, defaultNamespace: string): ActionRef {
  if (application.startsWith('/')) {
    const [namespace = '', ...rest] = application.slice(1).split('/');
    return { namespace, name: rest.join('/') };
  }
  return { namespace: defaultNamespace, name: application };
}

/** `https://host:443/base/` → origin `https://host:443` and base path `/base`. */
export function splitApiHost(apihost: string): { origin: string; basePath: string } {
  const url = new URL(apihost);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

const encodePath = (name: string): string => name.split('/').map(encodeURIComponent).join('/');

/** `POST {apihost}/api/v1/namespaces/{ns}/actions/{[pkg/]action}?blocking=..&result=true`, JSON params as body. */
export function actionInvokeRequest(opts: {
  readonly apihost: string;
  readonly auth: string;
  readonly namespace: string;
  readonly application: string;
  readonly blocking: boolean;
  /** The JSON body (param file contents, or `{}`). */
  readonly body: Uint8Array;
}): PreparedRequest {
  const { origin, basePath } = splitApiHost(opts.apihost);
  const action = parseActionName(opts.application, opts.namespace);
  return {
    origin,
    path: `${basePath}/api/v1/namespaces/${encodeURIComponent(action.namespace)}/actions/${encodePath(action.name)}?blocking=${opts.blocking}&result=true`,
    headers: { authorization: basicAuthHeader(opts.auth), 'content-type': 'application/json' },
    body: opts.body,
  };
}
