import { Logger, NotFoundException } from '@nestjs/common';
import { InvalidMass, LotNotAvailable, NotCustodian } from '../domain/errors';
import { EventStoreUnavailableError, IdempotencyKeyReusedError, WrongExpectedRevisionError } from '../event-store/event-store.errors';
import { CheckpointConflictError } from '../integrity/integrity.errors';
import { PositionNotYetProjectedError } from '../provenance/provenance.errors';
import { problem, ProblemError, problemType } from '../problems';
import { ProblemFilter } from './problem.filter';

describe('the problem filter answers each error from the catalogue', () => {
  const filter = new ProblemFilter();
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('a domain error: its code, message and fields; status and title from the catalogue', () => {
    const { body, headers } = filter.toProblem(new NotCustodian('L-1', 'lotId'));
    expect(body).toEqual({
      type: problemType('not-custodian'),
      title: 'Not the custodian',
      status: 403,
      detail: 'Only the custodian of lot L-1 may do this.',
      code: 'not-custodian',
      errors: [{ field: 'lotId', message: 'Only the custodian of lot L-1 may do this.' }],
    });
    expect(headers).toEqual({});
  });

  it('a domain fact named status does not change the HTTP status', () => {
    expect(filter.toProblem(new LotNotAvailable('L-1', 'retired')).body).toMatchObject({ status: 409, code: 'lot-not-available' });
  });

  it("invalid-mass answers 422 for a broken rule and 400 for a value that is no decimal string, as its entry allows", () => {
    expect(filter.toProblem(new InvalidMass('wrong-unit', 'grossMassKg')).body.status).toBe(422);
    expect(filter.toProblem(new InvalidMass('malformed', 'grossMassKg')).body.status).toBe(400);
  });

  it('store errors: a lost race is 409, a reused key 422, each with what the client should do', () => {
    expect(filter.toProblem(new WrongExpectedRevisionError('lot-L-1', 3, 4)).body).toMatchObject({
      status: 409,
      code: 'concurrent-modification',
      detail: 'lot-L-1 was changed by another command at the same time; read it again and retry',
    });
    expect(filter.toProblem(new IdempotencyKeyReusedError('p:k')).body).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
  });

  it('transient problems (503) carry Retry-After, whichever layer raised them', () => {
    for (const error of [
      new EventStoreUnavailableError('the store is closed'),
      new PositionNotYetProjectedError(9n, 3n),
      new ProblemError(problem('projections-behind', 'the read models are behind')),
    ]) {
      const { body, headers } = filter.toProblem(error);
      expect(body.status).toBe(503);
      expect(headers).toEqual({ 'Retry-After': '1' });
    }
  });

  it('a ProblemError keeps its own headers', () => {
    const error = new ProblemError(problem('unauthenticated', 'send a key'), { 'WWW-Authenticate': 'Bearer realm="ledger"' });
    expect(filter.toProblem(error)).toEqual({
      body: expect.objectContaining({ status: 401, code: 'unauthenticated', title: 'Not authenticated' }),
      headers: { 'WWW-Authenticate': 'Bearer realm="ledger"' },
    });
  });

  it('integrity faults are 500 with their code; unmatched routes 404; anything else a generic 500', () => {
    expect(filter.toProblem(new CheckpointConflictError('root differs')).body).toMatchObject({ status: 500, code: 'checkpoint-conflict' });
    expect(filter.toProblem(new NotFoundException()).body).toMatchObject({ status: 404, code: 'not-found', detail: 'no such resource' });
    const { body } = filter.toProblem(new Error('SQLITE_CORRUPT: database disk image is malformed'));
    expect(body).toMatchObject({ status: 500, code: 'internal-error' });
    expect(body.detail).not.toContain('SQLITE');
  });
});
