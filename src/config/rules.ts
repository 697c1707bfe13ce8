import { describeValue, type Problem } from './issues.js';
import { isJsonObject } from './json-text.js';

/**
 * Rules that involve several fields of the workload JSON. They read the raw document defensively
 * (a field of the wrong type is the schema's to report), so every problem is found in one pass.
 */

type Json = Record<string, unknown>;

const isWindow = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number';

export function crossFieldProblems(doc: Json): Problem[] {
  const problems: Problem[] = [];
  const d = doc.test_duration_in_seconds;
  const duration = typeof d === 'number' && d > 0 ? d : null;
  const generic = doc.endpoint === 'generic';
  if (!isJsonObject(doc.instances)) return problems;
  if (Object.keys(doc.instances).length === 0) {
    problems.push({ path: ['instances'], message: 'expected at least one instance, got {}' });
  }
  for (const [name, inst] of Object.entries(doc.instances)) {
    if (isJsonObject(inst)) problems.push(...instanceProblems(['instances', name], inst, duration, generic));
  }
  return problems;
}

function instanceProblems(at: string[], inst: Json, duration: number | null, generic: boolean): Problem[] {
  const problems: Problem[] = [];
  const has = (key: string): boolean => inst[key] !== undefined;
  const problem = (key: string | null, message: string) =>
    problems.push({ path: key === null ? at : [...at, key], message });

  if (has('azure')) {
    const others = ['distribution', 'rate', 'steps', 'interarrivals_list'].filter(has);
    if (others.length > 0) problem(null, `expected either azure.trace or ${others.join(' + ')}, not both`);
    if (inst.activity_window != null) {
      problem('activity_window', 'not used with azure.trace (its minutes set the times): remove it or set it to null');
    }
    problems.push(...traceProblems([...at, 'azure', 'trace'], inst.azure, duration));
  } else if (has('interarrivals_list')) {
    if (has('distribution') || has('rate') || has('steps'))
      problem(null, 'expected either interarrivals_list or distribution + rate, not both');
    if (inst.activity_window != null) {
      problem(
        'activity_window',
        'not used with interarrivals_list (trace times count from test start): remove it or set it to null',
      );
    }
  } else if (!has('distribution') && !has('rate') && !has('steps')) {
    problem(
      null,
      'expected distribution + rate (synthetic traffic), distribution + steps, interarrivals_list or azure.trace (a trace)',
    );
  } else if (has('steps')) {
    if (has('rate')) problem('steps', 'expected either rate or steps, not both');
    if (!has('distribution')) problem('distribution', 'missing, expected "Uniform" or "Poisson" with steps');
    problems.push(...stepOrderProblems(at, inst.steps));
  } else if (!has('rate')) {
    problem('rate', 'missing, expected a number >= 0 (invocations per second) with distribution');
  } else if (!has('distribution')) {
    problem('distribution', 'missing, expected "Uniform" or "Poisson" with rate');
  }

  const window = inst.activity_window;
  if (isWindow(window)) {
    if (window[0] > window[1]) problem('activity_window', `expected start <= end, got ${describeValue(window)}`);
    else if (duration !== null && window[0] > duration) {
      problem(
        'activity_window',
        `expected a start <= test_duration_in_seconds (${duration}), got ${describeValue(window)}`,
      );
    }
  }
  if (typeof inst.param_file === 'string' && typeof inst.data_file === 'string') {
    problem(null, 'expected param_file or data_file (one request body), not both');
  }
  if (generic && inst.url == null)
    problem('url', 'missing, expected the URL to POST to (required with endpoint "generic")');
  return problems;
}

/** Step times must increase (a step of the wrong shape is the schema's to report). */
function stepOrderProblems(at: string[], steps: unknown): Problem[] {
  if (!Array.isArray(steps)) return [];
  const time = (step: unknown) => (Array.isArray(step) && typeof step[0] === 'number' ? step[0] : null);
  const problems: Problem[] = [];
  for (let i = 1; i < steps.length; i++) {
    const [prev, cur] = [time(steps[i - 1]), time(steps[i])];
    if (prev !== null && cur !== null && cur <= prev) {
      problems.push({
        path: [...at, 'steps', i],
        message: `expected step times in increasing order, got ${cur} after ${prev}`,
      });
    }
  }
  return problems;
}

/** The minute range must be ordered and, once compressed by minute_s, fit in the test. */
function traceProblems(at: (string | number)[], azure: unknown, duration: number | null): Problem[] {
  if (!isJsonObject(azure) || !isJsonObject(azure.trace)) return [];
  const trace = azure.trace;
  const minutes = trace.minutes;
  if (!isWindow(minutes) || !Number.isInteger(minutes[0]) || !Number.isInteger(minutes[1])) return [];
  if (minutes[0] >= minutes[1]) {
    return [{ path: [...at, 'minutes'], message: `expected from < to, got ${describeValue(minutes)}` }];
  }
  const minuteS = trace.minute_s === undefined ? 60 : trace.minute_s;
  if (typeof minuteS !== 'number' || duration === null) return [];
  const span = (minutes[1] - minutes[0]) * minuteS;
  if (span <= duration) return [];
  return [
    {
      path: [...at, 'minutes'],
      message: `the trace's span (${minutes[1] - minutes[0]} minutes × minute_s ${minuteS} = ${span} s) does not fit test_duration_in_seconds (${duration} s)`,
    },
  ];
}
