import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import {
  BACKWARDS,
  END,
  KurrentDBClient,
  START,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import { KurrentDbStandIn } from './kurrentdb-stand-in';

/** The stand-in is only worth something if the official client cannot tell it from a server. */
describe('KurrentDB stand-in, through the official client', () => {
  let standIn: KurrentDbStandIn;
  let client: KurrentDBClient;

  beforeEach(async () => {
    standIn = await KurrentDbStandIn.start();
    client = KurrentDBClient.connectionString(`${standIn.connectionString}&discoveryInterval=10`);
  });

  afterEach(async () => {
    await client.dispose();
    await standIn.close();
  });

  const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
    const items: T[] = [];
    for await (const item of iterable) items.push(item);
    return items;
  };

  it('appends through batch append and checks the expected revision', async () => {
    const first = await client.appendToStream('order-1', [jsonEvent({ type: 'Placed', data: { n: 1 } })], {
      streamState: 'no_stream',
    });

    expect(first.nextExpectedRevision).toBe(0n);
    await expect(
      client.appendToStream('order-1', [jsonEvent({ type: 'Placed', data: {} })], { streamState: 'no_stream' }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });

  it('appends through the single-stream append call (used with per-call credentials)', async () => {
    const credentials = { username: 'admin', password: 'changeit' };
    await client.appendToStream('order-2', [jsonEvent({ type: 'Placed', data: {} })], { credentials });
    const error = await client
      .appendToStream('order-2', [jsonEvent({ type: 'Placed', data: {} })], { credentials, streamState: 5n })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualState).toBe(0n);
  });

  it('writes several streams atomically with multiStreamAppend, or none on a stale one', async () => {
    await client.appendToStream('a', [jsonEvent({ type: 'X', data: {} })]);
    const before = standIn.log.size;

    await expect(
      client.multiStreamAppend([
        { streamName: 'b', expectedState: 'no_stream', events: [jsonEvent({ type: 'Y', data: {} })] },
        { streamName: 'a', expectedState: 'no_stream', events: [jsonEvent({ type: 'Y', data: {} })] },
      ]),
    ).rejects.toMatchObject({ streamName: 'a', expectedState: 'no_stream', actualState: 0n });
    expect(standIn.log.size).toBe(before);

    const result = await client.multiStreamAppend([
      { streamName: 'b', expectedState: 'no_stream', events: [jsonEvent({ type: 'Y', data: {}, metadata: { k: 'v' } })] },
      { streamName: 'a', expectedState: 0n, events: [jsonEvent({ type: 'Y', data: {} })] },
    ]);
    expect(result.responses).toEqual([
      { streamName: 'b', revision: 0n },
      { streamName: 'a', revision: 1n },
    ]);
    const [b] = await collect(client.readStream('b'));
    expect(b.event?.metadata).toEqual({ k: 'v' });
    expect(b.event?.position?.commit).toBeLessThan(result.position);
  });

  it('refuses, as the server does, an empty or `$$` stream name and an event type outside letters, digits, _ . and -', async () => {
    const append = (streamName: string, type = 'X') =>
      client.multiStreamAppend([{ streamName, expectedState: 'any', events: [jsonEvent({ type, data: {} })] }]).catch((e: unknown) => e);

    expect(await append('$$')).toMatchObject({ code: 3 });
    expect(await append('lot-a', 'Lot Extracted')).toMatchObject({ code: 3 });
    // The stream-name rule is not the event-type rule: any other name is a stream name.
    expect(await append('lot-a:b/ü c')).toMatchObject({ position: expect.any(BigInt) });
  });

  it('compares the streams of one append without case, and refuses the second as already in the session', async () => {
    const error = await client
      .multiStreamAppend([
        { streamName: 'lot-abc', expectedState: 'no_stream', events: [jsonEvent({ type: 'X', data: {} })] },
        { streamName: 'lot-ABC', expectedState: 'no_stream', events: [jsonEvent({ type: 'X', data: {} })] },
      ])
      .catch((e: unknown) => e);

    // Client 1.3.1 turns this ABORTED into a TimeoutError.
    expect(error).toMatchObject({ type: 'timeout', code: 10 });
    expect(standIn.log.stream('lot-abc')).toBeUndefined();
  });

  it('stores record ids as lower-case GUIDs and refuses ids that are not GUIDs', async () => {
    const upper = '0D3A8C5E-6F1B-4C2D-9E8F-7A6B5C4D3E2F';
    await client.multiStreamAppend([{ streamName: 'ids', expectedState: 'any', events: [jsonEvent({ id: upper, type: 'X', data: {} })] }]);
    const refused = await client
      .multiStreamAppend([{ streamName: 'ids', expectedState: 'any', events: [jsonEvent({ id: 'event-1', type: 'X', data: {} })] }])
      .catch((e: unknown) => e);

    expect((await collect(client.readStream('ids'))).map((e) => e.event?.id)).toEqual([upper.toLowerCase()]);
    expect(refused).toMatchObject({ code: 3 });
  });

  it('answers a resend of stored event ids with what was stored, and INTERNAL when idempotent and conflicting streams meet', async () => {
    const a = jsonEvent({ type: 'X', data: {} });
    const b = jsonEvent({ type: 'X', data: {} });
    const first = await client.multiStreamAppend([
      { streamName: 'idem-a', expectedState: 'no_stream', events: [a] },
      { streamName: 'idem-b', expectedState: 'no_stream', events: [b] },
    ]);
    const size = standIn.log.size;

    const resent = await client.multiStreamAppend([
      { streamName: 'idem-a', expectedState: 'no_stream', events: [a] },
      { streamName: 'idem-b', expectedState: 'no_stream', events: [b] },
    ]);
    // A stored stream beside one whose expectation fails: VerifyCommitChecks names no stream.
    const mixed = await client
      .multiStreamAppend([
        { streamName: 'idem-a', expectedState: 'no_stream', events: [a] },
        { streamName: 'idem-b', expectedState: 'no_stream', events: [jsonEvent({ type: 'X', data: {} })] },
      ])
      .catch((e: unknown) => e);

    expect(resent).toEqual(first);
    expect(mixed).toMatchObject({ type: 'unavailable', code: 13 });
    expect(standIn.log.size).toBe(size);
  });

  it('refuses an append session over the maximum append size, and a record over the maximum record size', async () => {
    const small = await KurrentDbStandIn.start({ maxAppendSize: 1000, maxRecordSize: 600 });
    const smallClient = KurrentDBClient.connectionString(small.connectionString);
    const append = (...sizes: number[]) =>
      smallClient
        .multiStreamAppend(sizes.map((size, i) => ({ streamName: `big-${i}`, expectedState: 'any' as const, events: [jsonEvent({ type: 'X', data: { pad: 'x'.repeat(size) } })] })))
        .catch((e: unknown) => e);
    try {
      expect(await append(700)).toMatchObject({ type: 'append-record-size-exceeded', maxSize: 600 });
      expect(await append(500, 500)).toMatchObject({ type: 'transaction-max-size-exceeded', maxSize: 1000 });
      expect(await append(300, 300)).toMatchObject({ position: expect.any(BigInt) });
    } finally {
      await smallClient.dispose();
      await small.close();
    }
  });

  it('reads a stream and $all forwards and backwards through the native reader', async () => {
    for (const type of ['One', 'Two', 'Three']) await client.appendToStream('s', [jsonEvent({ type, data: {} })]);

    const backwards = await collect(client.readStream('s', { direction: BACKWARDS, fromRevision: END, maxCount: 2 }));
    const fromOne = await collect(client.readStream('s', { fromRevision: 1n }));
    const all = await collect(client.readAll({ filter: excludeSystemEvents() }));
    const lastTwo = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 2 }));
    const byStream = await collect(client.readAll({ filter: streamNameFilter({ prefixes: ['$'] }) }));

    expect(backwards.map((e) => e.event?.type)).toEqual(['Three', 'Two']);
    expect(fromOne.map((e) => e.event?.revision)).toEqual([1n, 2n]);
    expect(all.map((e) => e.event?.type)).toEqual(['One', 'Two', 'Three']);
    expect(lastTwo.map((e) => e.event?.type)).toEqual(['Three', 'Two']);
    expect(byStream.every((e) => e.event!.streamId.startsWith('$'))).toBe(true);
    expect(byStream.length).toBeGreaterThan(0);
    await expect(collect(client.readStream('missing'))).rejects.toMatchObject({ type: 'stream-not-found' });
  });

  it('subscribes to $all with a filter, checkpoints and a caught-up message, then follows live writes', async () => {
    await client.appendToStream('s', [jsonEvent({ type: 'Old', data: {} })]);
    const checkpoints: bigint[] = [];
    const seen: string[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: eventTypeFilter({ prefixes: ['Old', 'New'], checkpointReached: (_s, position) => void checkpoints.push(position.commit) }),
    });
    const caughtUp = once(subscription, 'caughtUp');
    subscription.on('data', (resolved) => seen.push(resolved.event!.type));

    await caughtUp;
    await client.appendToStream('s', [jsonEvent({ type: 'New', data: {} })]);
    await waitFor(() => seen.length === 2);
    await subscription.unsubscribe();

    expect(seen).toEqual(['Old', 'New']);
    expect(checkpoints.length).toBeGreaterThan(0);
  });

  it('keeps its data when every connection is dropped, and serves again on the same port', async () => {
    await client.appendToStream('kept', [jsonEvent({ type: 'Kept', data: {} })]);
    const port = standIn.port;

    await standIn.dropAllConnections(50);

    expect(standIn.port).toBe(port);
    const fresh = KurrentDBClient.connectionString(`${standIn.connectionString}&discoveryInterval=10`);
    try {
      expect((await collect(fresh.readStream('kept'))).map((e) => e.event?.type)).toEqual(['Kept']);
    } finally {
      await fresh.dispose();
    }
  });
});

describe('npm run kurrentdb:stand-in', () => {
  it('prints its connection string first on stdout and warns on stderr that it is a test double', async () => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', `${__dirname}/start-kurrentdb-stand-in.ts`, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    try {
      const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      expect(firstLine).toMatch(/^kurrentdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
      const client = KurrentDBClient.connectionString(firstLine);
      try {
        await client.appendToStream('probe', [jsonEvent({ type: 'Probe', data: {} })]);
      } finally {
        await client.dispose();
      }
      await waitFor(() => stderr.includes('TEST DOUBLE'));
      expect(stderr).toMatch(/in memory/);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
