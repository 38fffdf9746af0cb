/** The catalogue of problem codes and the problem details rendered from it: the bottom layer, importing nothing, that every other may import. */
export * from './problem-catalogue';
export * from './problem-codes';
export * from './problem-details';
export * from './problem-type';
