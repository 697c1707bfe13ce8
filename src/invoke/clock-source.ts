import { readFileSync } from 'node:fs';

const LINUX_CLOCKSOURCE = '/sys/devices/system/clocksource/clocksource0/current_clocksource';

/**
 * The kernel clock source behind this host's wall clock (e.g. `tsc`, `kvm-clock`), recorded with
 * a shard so a skew between shards can be traced to its hosts; `unknown` off Linux.
 */
export function hostClockSource(): string {
  try {
    return readFileSync(LINUX_CLOCKSOURCE, 'utf8').trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}
