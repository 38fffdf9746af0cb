import * as errors from './errors';
import { DomainError } from './errors';

const KINDS = ['not-found', 'forbidden', 'conflict', 'rule-violation', 'invalid'];

/** Constructor arguments for the errors whose parameters are not plain strings. */
const ARGS: Record<string, unknown[]> = {
  InvalidCommand: [[{ field: 'x', message: 'y' }]],
  MissingRole: [['producer']],
  WrongFacilityKind: ['f', 'refinery', ['mine']],
  InvalidMass: ['wrong-unit', 'grossMassKg'],
  ContainedExceedsGross: [2, 1],
  MassBalanceViolated: ['lithium', 2, 1],
  ConsumesMoreThanRemaining: ['L', 2, 1],
};

describe('typed errors', () => {
  const classes = Object.entries(errors).filter(
    ([, value]) => typeof value === 'function' && value.prototype instanceof DomainError,
  ) as [string, new (...args: unknown[]) => DomainError][];

  it('every domain error has a stable kebab-case code, unique across errors, and a kind the HTTP filter maps', () => {
    expect(classes.length).toBeGreaterThan(30);
    const codes = new Set<string>();
    for (const [name, ErrorClass] of classes) {
      const error = new ErrorClass(...(ARGS[name] ?? ['x', 'y', 'z']));
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(KINDS).toContain(error.kind);
      codes.add(error.code);
    }
    expect(codes.size).toBe(classes.length);
  });

  it('carries per-field errors', () => {
    const error = new errors.InvalidCommand([
      { field: 'inputs.0.massKg', message: 'required' },
      { field: 'outputs', message: 'required' },
    ]);
    expect(error).toMatchObject({ field: 'inputs.0.massKg', kind: 'invalid', code: 'invalid-command' });
    expect(error.fields).toHaveLength(2);
    expect(new errors.NotCustodian('L-1', 'inputs.0.lotId').fields).toEqual([
      { field: 'inputs.0.lotId', message: 'Only the custodian of lot L-1 may do this.' },
    ]);
  });
});
