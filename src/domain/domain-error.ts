import { PROBLEMS, type ProblemCode, type StatusOf } from '../problems/problem-catalogue';

/**
 * What a domain error means to the caller. It follows from the error's status in the problem
 * catalogue, which alone decides the HTTP answer, so nothing ever inspects messages.
 */
export type DomainErrorKind = 'not-found' | 'forbidden' | 'conflict' | 'rule-violation' | 'invalid';

const KIND_BY_STATUS = {
  400: 'invalid',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  422: 'rule-violation',
} as const satisfies Record<number, DomainErrorKind>;

type DomainStatus = keyof typeof KIND_BY_STATUS;

/** The catalogue codes a domain error may carry: those answered with a status the domain speaks. */
export type DomainProblemCode = { [C in ProblemCode]: StatusOf<C> extends DomainStatus ? C : never }[ProblemCode];

export interface FieldError {
  field: string;
  message: string;
}

/** What an error says about one failure; the facts beside these become the error's readonly properties. */
export interface ErrorDescription<C extends DomainProblemCode> {
  message: string;
  /** The request field the error is about, when there is one (dotted path, e.g. `inputs.0.massKg`). */
  field?: string;
  /** Every offending field; by default the one `field` with the message. */
  fields?: FieldError[];
  /** One of the HTTP statuses the catalogue allows for the code, when not its first. */
  httpStatus?: StatusOf<C>;
}

export abstract class DomainError extends Error {
  readonly code: DomainProblemCode;
  /** The HTTP status: the catalogue's for the code (named so as not to clash with facts such as a lot's `status`). */
  readonly httpStatus: DomainStatus;
  readonly kind: DomainErrorKind;
  readonly field?: string;
  readonly fields: FieldError[];

  protected constructor(code: DomainProblemCode, description: ErrorDescription<DomainProblemCode>) {
    super(description.message);
    this.name = new.target.name;
    this.code = code;
    this.httpStatus = description.httpStatus ?? (PROBLEMS[code].status as DomainStatus);
    this.kind = KIND_BY_STATUS[this.httpStatus];
    this.field = description.field;
    this.fields = description.fields ?? (description.field ? [{ field: description.field, message: description.message }] : []);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

type Facts<D> = Readonly<Omit<D, keyof ErrorDescription<DomainProblemCode>>>;

/**
 * Declares a domain error: its catalogue code and how its constructor arguments describe it.
 *
 *   export class LotNotFound extends domainError('lot-not-found', (lotId: string) => ({
 *     lotId,
 *     message: `Lot ${lotId} does not exist.`,
 *   })) {}
 *
 * gives `new LotNotFound('L-1')` with `code`, `httpStatus`, `kind`, `message`, `field`, `fields` and a
 * readonly `lotId`; `instanceof LotNotFound` and `instanceof DomainError` both hold, and `name` is
 * the declaring class's name.
 */
export function domainError<C extends DomainProblemCode, A extends unknown[], D extends ErrorDescription<C>>(
  code: C,
  describe: (...args: A) => D,
): abstract new (...args: A) => DomainError & { readonly code: C } & Facts<D> {
  abstract class DeclaredError extends DomainError {
    constructor(...args: A) {
      const { message, field, fields, httpStatus, ...facts } = describe(...args);
      super(code, { message, field, fields, httpStatus: httpStatus as DomainStatus | undefined });
      Object.assign(this, facts);
    }
  }
  return DeclaredError as unknown as abstract new (...args: A) => DomainError & { readonly code: C } & Facts<D>;
}
