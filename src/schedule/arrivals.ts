import type { ArrivalSpec } from '../config/types.js';
import { poissonTimes } from './poisson.js';
import type { Random } from './rng.js';
import { minuteTimes } from './minutes.js';
import { shapedIntegral, shapedTimes } from './shaped.js';
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
    case 'shaped':
      return shapedTimes(arrival.process, arrival.segments, random);
    case 'minutes':
      return minuteTimes(arrival.counts, arrival.minuteS, arrival.iat, random);
    case 'azure':
      throw new Error('azure.trace instances are sampled (expandTraceInstances) before the schedule is built');
  }
}

/** How many events an instance should produce on average (for sizing and limits). */
export function expectedEvents(arrival: ArrivalSpec, durationS: number): number {
  switch (arrival.kind) {
    case 'trace':
      return arrival.interarrivals.length;
    case 'shaped':
      return shapedIntegral(arrival.segments);
    case 'minutes':
      return arrival.counts.reduce((a, b) => a + b, 0);
    case 'azure':
      throw new Error('azure.trace instances are sampled (expandTraceInstances) before the schedule is built');
  }
  const [start, end] = effectiveWindow(arrival.window, durationS);
  return arrival.rate * (end - start);
}
