import { PROBLEMS, type ProblemCode, type StatusOf } from './problem-catalogue';
import { problemType } from './problem-type';

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
  code: ProblemCode;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemExtras<C extends ProblemCode> {
  /** The offending request fields. */
  errors?: FieldProblem[];
  /** Another status the catalogue allows for the code (see `alsoStatus`). */
  status?: StatusOf<C>;
}

/** A problem of a catalogue code: its status, title and `type` come from the catalogue, the detail from the caller. */
export function problem<C extends ProblemCode>(code: C, detail: string, extras: ProblemExtras<C> = {}): ProblemDetails {
  const entry = PROBLEMS[code];
  const status = (extras.status as number | undefined) ?? entry.status;
  return { type: problemType(code), title: entry.title, status, detail, code, ...(extras.errors ? { errors: extras.errors } : {}) };
}

/** Thrown by the HTTP layer itself (auth, access, request checks) to answer with a problem. */
export class ProblemError extends Error {
  constructor(readonly problem: ProblemDetails, readonly headers: Record<string, string> = {}) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}
