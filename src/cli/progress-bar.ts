import { SingleBar } from 'cli-progress';

export interface ProgressBar {
  /** A total of null draws a running count, for work whose size is not known up front. */
  start(total: number | null, label: string): void;
  update(value: number, total?: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr, so stdout stays clean for the data a command prints. It draws only on
 * a terminal: in pipes, CI logs and tests it stays silent.
 */
export function progressBar(): ProgressBar {
  let bar: SingleBar | null = null;
  return {
    start(total, label) {
      bar?.stop();
      bar = new SingleBar({
        stream: process.stderr,
        format:
          total === null
            ? `${label.padEnd(10)} {value} event(s) | {duration_formatted}`
            : `${label.padEnd(10)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
        barCompleteChar: '=',
        barIncompleteChar: ' ',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      });
      bar.start(total ?? 0, 0);
    },
    update(value, total) {
      if (total !== undefined) bar?.setTotal(total);
      bar?.update(value);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
