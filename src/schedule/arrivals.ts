import type { ArrivalSpec } from '../config/types.js';
import { poissonTimes } from './poisson.js';
import type { Random } from './rng.js';
import { traceTimes } from './trace.js';
import { uniformTimes } from './uniform.js';
import { effectiveWindow } from './window.js';

/** The sorted event times (seconds from test start) of one instance. */
export function arrivalTimes(arrival: ArrivalSpec, durationS: number, random: Random): Float64Array {
  switch (arrival.kind) {
    case 'Uniform':
      return uniformTimes(arrival.rate, effectiveWindow(arrival.window, durationS), random);
    case 'Poisson':
      return poissonTimes(arrival.rate, effectiveWindow(arrival.window, durationS), random);
    case 'trace':
      return traceTimes(arrival.interarrivals, durationS);
  }
}

/** How many events an instance should produce on average (for sizing and limits). */
export function expectedEvents(arrival: ArrivalSpec, durationS: number): number {
  if (arrival.kind === 'trace') return arrival.interarrivals.length;
  const [start, end] = effectiveWindow(arrival.window, durationS);
  return arrival.rate * (end - start);
}
