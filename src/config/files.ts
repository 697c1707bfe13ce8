import { access, constants, readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPath, type JsonPath, type Problem } from './issues.js';
import { isJsonObject, parseJsonText } from './json-text.js';

/**
 * The files a workload names (param_file, data_file, trace files, monitoring scripts, ssh identities): resolved to absolute
 * paths and checked before anything is sent.
 */

interface FileRef {
  readonly path: JsonPath;
  readonly value: string;
  /** param_file: must hold a JSON object (the action's parameters). */
  readonly jsonObject: boolean;
  /** Monitoring scripts: also looked for in this tool's own folder (`monitoring/...` of FaaSProfiler's samples). */
  readonly bundled?: boolean;
}

/** This tool's installed folder (holding `monitoring/`). */
const TOOL_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ResolvedFiles {
  /** Absolute path by formatted JSON path (e.g. `instances.instance4.param_file`). */
  readonly paths: ReadonlyMap<string, string>;
  readonly problems: readonly Problem[];
}

type Json = Record<string, unknown>;

/** Every non-empty file path string in the document, wherever a file is expected. */
function fileRefs(doc: Json): FileRef[] {
  const refs: FileRef[] = [];
  const add = (path: JsonPath, value: unknown, jsonObject = false, bundled = false) => {
    if (typeof value === 'string' && value !== '') refs.push({ path, value, jsonObject, bundled });
  };
  if (isJsonObject(doc.instances)) {
    for (const [name, inst] of Object.entries(doc.instances)) {
      if (!isJsonObject(inst)) continue;
      add(['instances', name, 'param_file'], inst.param_file, true);
      add(['instances', name, 'data_file'], inst.data_file);
      if (isJsonObject(inst.azure) && isJsonObject(inst.azure.trace)) {
        for (const key of ['invocations', 'durations', 'memory']) {
          add(['instances', name, 'azure', 'trace', key], inst.azure.trace[key]);
        }
      }
    }
  }
  if (isJsonObject(doc.perf_monitoring)) {
    add(['perf_monitoring', 'runtime_script'], doc.perf_monitoring.runtime_script, false, true);
    add(['perf_monitoring', 'post_script'], doc.perf_monitoring.post_script, false, true);
    const targets = doc.perf_monitoring.targets;
    if (Array.isArray(targets)) {
      targets.forEach((t, i) => {
        if (isJsonObject(t)) add(['perf_monitoring', 'targets', i, 'identity'], t.identity);
      });
    }
  }
  return refs;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Relative paths: the config file's folder first, then the current folder, then (monitoring
 * scripts) this tool's own folder, so FaaSProfiler's `monitoring/RuntimeMonitoring.sh` is found
 * from anywhere.
 */
function candidates(ref: FileRef, configDir: string, cwd: string): string[] {
  const value = ref.value;
  if (isAbsolute(value)) return [value];
  const found = [resolve(configDir, value), resolve(cwd, value)];
  if (ref.bundled) found.push(resolve(TOOL_ROOT, value));
  return [...new Set(found)];
}

async function checkRef(ref: FileRef, configDir: string, cwd: string): Promise<{ abs: string } | { problem: string }> {
  const tried = candidates(ref, configDir, cwd);
  let abs: string | undefined;
  for (const c of tried) {
    if (await isFile(c)) {
      abs = c;
      break;
    }
  }
  if (abs === undefined) {
    const also = tried.length > 1 ? ` (also tried ${tried.slice(1).join(', ')})` : '';
    return { problem: `file not found: ${tried[0]}${also}` };
  }
  try {
    await access(abs, constants.R_OK);
  } catch {
    return { problem: `cannot read ${abs} (permission denied)` };
  }
  if (!ref.jsonObject) return { abs };
  const parsed = parseJsonText(await readFile(abs, 'utf8'));
  if (!parsed.ok) return { problem: `${abs} is not valid JSON: ${parsed.error}` };
  const v = parsed.value;
  if (!isJsonObject(v)) {
    const got = v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
    return { problem: `expected ${abs} to hold a JSON object of parameters, got ${got}` };
  }
  return { abs };
}

export async function resolveFiles(doc: Json, configDir: string, cwd: string): Promise<ResolvedFiles> {
  const refs = fileRefs(doc);
  const results = await Promise.all(refs.map((ref) => checkRef(ref, configDir, cwd)));
  const paths = new Map<string, string>();
  const problems: Problem[] = [];
  refs.forEach((ref, i) => {
    const r = results[i]!;
    if ('abs' in r) paths.set(formatPath(ref.path), r.abs);
    else problems.push({ path: ref.path, message: r.problem });
  });
  return { paths, problems };
}
