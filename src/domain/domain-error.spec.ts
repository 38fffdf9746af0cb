import { DomainError, domainError } from './domain-error';

class SampleNotFound extends domainError('lot-not-found', (lotId: string, field: string = 'lotId') => ({
  lotId,
  message: `Lot ${lotId} does not exist.`,
  field,
})) {}

class SampleMass extends domainError('invalid-mass', (shape: boolean) => ({ message: 'bad mass', httpStatus: shape ? (400 as const) : (422 as const) })) {}

describe('domainError declares a typed domain error', () => {
  it('with its name, code, status and kind from the catalogue, its facts and its fields', () => {
    const error = new SampleNotFound('L-1');
    expect(error).toBeInstanceOf(SampleNotFound);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'SampleNotFound', code: 'lot-not-found', httpStatus: 404, kind: 'not-found', lotId: 'L-1', field: 'lotId' });
    expect(error.message).toBe('Lot L-1 does not exist.');
    expect(error.fields).toEqual([{ field: 'lotId', message: 'Lot L-1 does not exist.' }]);
    expect(error.stack).toContain('SampleNotFound');
  });

  it('with a second status only where the catalogue allows one', () => {
    expect(new SampleMass(true)).toMatchObject({ httpStatus: 400, kind: 'invalid' });
    expect(new SampleMass(false)).toMatchObject({ httpStatus: 422, kind: 'rule-violation' });
  });

  it('refuses, at compile time, codes and statuses the catalogue does not hold (checked by tsc)', () => {
    // @ts-expect-error a code missing from the catalogue
    domainError('no-such-code', () => ({ message: 'x' }));
    // @ts-expect-error a code the domain never answers with (500)
    domainError('internal-error', () => ({ message: 'x' }));
    // @ts-expect-error a status the catalogue does not allow for the code
    domainError('lot-not-found', () => ({ message: 'x', httpStatus: 400 as const }));
    expect(true).toBe(true);
  });
});
