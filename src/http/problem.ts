/** RFC 9457 problem details, as every error of the API is answered. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Stable problem type URIs: the code never changes once published. */
export function problemType(code: string): string {
  return `tag:critical-minerals-ledger,2026:problem:${code}`;
}

const TITLES: Record<number, string> = {
  400: 'Malformed request',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Rule violated',
  500: 'Internal error',
  503: 'Temporarily unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: problemType(code), title: TITLES[status] ?? 'Error', status, detail, code, ...extra };
}

/** Thrown by the HTTP layer itself (auth, access, request checks) to answer with a problem. */
export class ProblemError extends Error {
  constructor(readonly problem: ProblemDetails, readonly headers: Record<string, string> = {}) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}
