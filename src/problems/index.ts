/** The catalogue of problem codes: the bottom layer, importing nothing, that every other may import. */
export * from './problem-catalogue';
export * from './problem-codes';
export * from './problem-type';
