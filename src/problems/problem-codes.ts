import { PROBLEMS, type ProblemCode, type ProblemEntry, type ProblemStatus } from './problem-catalogue';

/** Every code, in catalogue order (grouped by status). */
export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROBLEMS, value);
}

export function problemEntry(code: ProblemCode): ProblemEntry {
  return PROBLEMS[code];
}

/** How long a client should wait before retrying a transient problem. */
export const RETRY_AFTER_SECONDS = 1;

/** Transient problems (503) are answered with `Retry-After`; the rest would fail the same way again. */
export function isTransient(code: ProblemCode): boolean {
  return PROBLEMS[code].status === 503;
}

/** The statuses a code may be answered with: its own, then its `alsoStatus`. */
export function statusesOf(code: ProblemCode): ProblemStatus[] {
  const entry: ProblemEntry = PROBLEMS[code];
  return entry.alsoStatus === undefined ? [entry.status] : [entry.status, entry.alsoStatus];
}

/** The codes each status may carry, statuses ascending: what an OpenAPI response per status lists. */
export function codesByStatus(): Map<ProblemStatus, ProblemCode[]> {
  const byStatus = new Map<ProblemStatus, ProblemCode[]>();
  for (const code of PROBLEM_CODES) {
    for (const status of statusesOf(code)) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

/**
 * The `enum` of the problem+json schema's `code` property: every code, or those a set of statuses
 * may carry (e.g. the 4xx answers of one operation).
 */
export function problemCodeEnum(statuses?: readonly ProblemStatus[]): ProblemCode[] {
  if (statuses === undefined) return [...PROBLEM_CODES];
  return PROBLEM_CODES.filter((code) => statusesOf(code).some((status) => statuses.includes(status)));
}
