import type { paths } from './ledger-api';

/*
 * The generated client types every answer: no 2xx or problem response of the served document
 * comes out as `never` (as every response did when the document described requests only). This
 * file is type-checked by `npm test`; the checks are compile errors, the tests below restate them.
 */

type Method = 'get' | 'post';
type BodyOf<R> = R extends { content: infer C } ? C[keyof C] : never;
/** A body that is `never`, or a problem whose `code` is (its status's codes and the catalogue's did not meet). */
type Untyped<B> = [B] extends [never] ? true : B extends { code: infer C } ? ([C] extends [never] ? true : false) : false;

/** `"<path> <method> <status>"` of every answer typed `never`; the empty union when there is none. */
export type NeverAnswers<Paths> = {
  [P in keyof Paths]: {
    [M in Method]: Paths[P] extends { [K in M]?: infer O }
      ? O extends { responses: infer R }
        ? { [S in keyof R]: Untyped<BodyOf<R[S]>> extends true ? `${P & string} ${M} ${S & (string | number)}` : never }[keyof R]
        : never
      : never;
  }[Method];
}[keyof Paths];

const everyAnswerTyped: [NeverAnswers<paths>] extends [never] ? true : NeverAnswers<paths> = true;

/** What a document describing requests only gave: the check must refuse it. */
type RequestsOnly = { '/v1/lots': { post: { responses: { 201: { content: { 'application/json': never } } } } } };
// @ts-expect-error the 201 answer is typed never, so the check names it instead of being `true`
const requestsOnlyRefused: [NeverAnswers<RequestsOnly>] extends [never] ? true : NeverAnswers<RequestsOnly> = true;

describe('the generated client types', () => {
  it('type every 2xx and problem answer of the served document (a compile-time check)', () => {
    expect(everyAnswerTyped).toBe(true);
    expect(requestsOnlyRefused).toBe(true);
  });
});
