import { problem, type ProblemDetails } from '../problems';

/** The 413 of a JSON body over LEDGER_BODY_LIMIT, naming the limit in force (its configured spelling, such as `1mb`). */
export function bodyTooLarge(limit: string): ProblemDetails {
  return problem('body-too-large', `the request body is larger than the ledger accepts (${limit}); split bulk work into several requests`);
}
