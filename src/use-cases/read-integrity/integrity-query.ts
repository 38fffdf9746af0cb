import { problem, ProblemError } from '../../http/problem';

/** A required or optional tree size / leaf index query parameter: a whole number, no sign, no exponent. */
export function parseCountParam(name: string, value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const count = Number(value);
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(count)) {
    throw new ProblemError(
      problem('invalid-query', `${name} must be a whole number (0 or more)`, { errors: [{ field: name, message: 'must be a whole number' }] }),
    );
  }
  return count;
}

export function requireParam<T>(name: string, value: T | null): T {
  if (value === null) {
    throw new ProblemError(problem('invalid-query', `${name} is required`, { errors: [{ field: name, message: 'is required' }] }));
  }
  return value;
}

/** A tree size larger than the Merkle log: the log has not (yet) reached it. */
export function treeSizeBeyondLog(name: string, treeSize: number, logSize: number): ProblemError {
  return new ProblemError(
    problem(
      'tree-size-beyond-log',
      `${name} ${treeSize} is beyond the Merkle log, which holds ${logSize} event(s); ask for a tree size of a checkpoint you hold ` +
        'or pass minPosition to wait for recent writes',
      { errors: [{ field: name, message: `at most ${logSize}` }] },
    ),
  );
}
