import { ThrowawayPostgres } from './throwaway-postgres';

const unavailable = ThrowawayPostgres.available();

(unavailable ? describe.skip : describe)('ThrowawayPostgres', () => {
  it('serves fresh databases with fsync and synchronous commit on, and leaves nothing running', () => {
    const cluster = ThrowawayPostgres.start();
    let database: string;
    try {
      const url = cluster.createDatabase();
      database = new URL(url).pathname.slice(1);
      expect(cluster.psql(database, "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit') ORDER BY name")).toBe(
        'fsync|on\nsynchronous_commit|on\n',
      );
      expect(cluster.createDatabase()).not.toEqual(url);
    } finally {
      cluster.stop();
    }
    expect(() => cluster.psql(database!, 'SELECT 1')).toThrow(/psql failed/);
  });
});
