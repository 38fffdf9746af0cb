import type { EventStore } from '../../event-store/event-store.port';
import { LogFollower } from '../../log-follower/log-follower';
import { EpcisEventIndex } from './epcis-event-index';

export interface EpcisIndexFollowerOptions {
  /** Events read and indexed per transaction while catching up. Default 500. */
  batchSize?: number;
  onError?: (error: Error) => void;
  retryMs?: number;
}

/** The EPCIS event index of one data directory and the follower that feeds it from the log. */
export interface EpcisIndexFollower {
  index: EpcisEventIndex;
  follower: LogFollower;
  /** Stops following and closes the index file (the store stays open: it is the caller's). */
  close(): Promise<void>;
}

/**
 * Opens `<dataDir>/epcis-index.sqlite` for writing (a file of another layout is emptied) and a
 * follower of `store` into it. `follower.start()` catches up, from zero after a layout change,
 * and follows the log live.
 */
export function openEpcisIndexFollower(store: EventStore, dataDir: string, options: EpcisIndexFollowerOptions = {}): EpcisIndexFollower {
  const index = EpcisEventIndex.open(dataDir, true);
  const follower = new LogFollower(store, index, { batchSize: options.batchSize ?? 500, onError: options.onError, retryMs: options.retryMs });
  return {
    index,
    follower,
    close: async () => {
      await follower.stop();
      index.close();
    },
  };
}
