import { problem, type ProblemDetails } from '../problems';

/** The 413 of a JSON body over LEDGER_BODY_LIMIT, naming the limit in force. */
export function bodyTooLarge(limitBytes: number): ProblemDetails {
  const kib = limitBytes / 1024;
  const readable = kib >= 1024 && Number.isInteger(kib / 1024) ? `${kib / 1024} MiB` : Number.isInteger(kib) ? `${kib} KiB` : `${limitBytes} bytes`;
  return problem('body-too-large', `the request body is larger than the ledger accepts (${readable}, LEDGER_BODY_LIMIT); split bulk work into several requests`);
}
