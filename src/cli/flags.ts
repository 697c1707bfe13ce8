import { InvalidArgumentError } from 'commander';

/** What a numeric flag accepts: at least (or, with `above`, more than) `min`, at most `max`. */
export interface NumberRule {
  readonly whole?: boolean;
  readonly min: number;
  readonly above?: boolean;
  readonly max?: number;
}

function describe(rule: NumberRule): string {
  const kind = rule.whole === true ? 'a whole number' : 'a number';
  if (rule.max !== undefined) return `${kind} in ${rule.min}..${rule.max}`;
  return `${kind} ${rule.above === true ? '>' : '>='} ${rule.min}`;
}

/**
 * A commander argument parser for a numeric flag. A bad value is commander's one-line usage
 * error (`option '--x <n>' argument 'v' is invalid. --x expects ...`), exit 2 through `runMain`.
 */
export function numberFlag(flag: string, rule: NumberRule): (value: string) => number {
  return (value) => {
    const n = Number(value);
    const ok =
      value.trim() !== '' &&
      Number.isFinite(n) &&
      (rule.whole !== true || Number.isInteger(n)) &&
      (rule.above === true ? n > rule.min : n >= rule.min) &&
      (rule.max === undefined || n <= rule.max);
    if (!ok) throw new InvalidArgumentError(`${flag} expects ${describe(rule)}, got "${value}"`);
    return n;
  };
}
