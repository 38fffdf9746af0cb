import { Logger } from '@nestjs/common';

/** Where the store reports its connection going away and coming back. */
export interface StoreLogger {
  log(message: string): void;
  warn(message: string): void;
}

export const defaultStoreLogger = (): StoreLogger => new Logger('KurrentDB');

/**
 * One line when KurrentDB stops answering, one when it answers again: every call that fails
 * with a broken connection reports `down`, every call that succeeds reports `up`, and only the
 * changes are logged, so a server gone for a minute is two lines, not a line per retry.
 */
export class ConnectionWatch {
  private downSince: number | null = null;

  constructor(
    private readonly where: string,
    private readonly logger: StoreLogger,
  ) {}

  down(error: unknown): void {
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    this.logger.warn(`KurrentDB at ${this.where} stopped answering (${reasonOf(error)}); retrying`);
  }

  up(): void {
    if (this.downSince === null) return;
    const seconds = ((Date.now() - this.downSince) / 1000).toFixed(1);
    this.downSince = null;
    this.logger.log(`KurrentDB at ${this.where} answers again, after ${seconds} s`);
  }
}

/** A connection string fit for a log line: user and password left out. */
export function redactedUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1');
}

export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}
