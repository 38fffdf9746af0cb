import type { ProblemCode } from './problem-catalogue';

/** The stable problem `type` URI of a code (RFC 9457 §3.1.1): the code never changes once published. */
export function problemType(code: ProblemCode): string {
  return `tag:critical-minerals-ledger,2026:problem:${code}`;
}
