/**
 * A command that cannot do its work: printed as one line on stderr, then the process exits with
 * `exitCode` (1: the thing checked is bad, e.g. a failed verification; 2: it could not be checked
 * or done, e.g. a missing file or configuration).
 */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}
