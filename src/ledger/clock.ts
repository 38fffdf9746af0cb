/**
 * Where "now" comes from on the write side: the domain never reads the clock, the use-case runner
 * and the controllers ask this port, so a test can fix the time.
 */
export interface Clock {
  /** The current instant, RFC 3339 in UTC with milliseconds (as `Date.toISOString`). */
  now(): string;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** A clock stopped at one instant. */
export function fixedClock(instant: string): Clock {
  return { now: () => instant };
}
