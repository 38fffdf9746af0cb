import { Client } from 'pg';
import { ThrowawayPostgres } from './throwaway-postgres';

const unavailable = ThrowawayPostgres.available();

(unavailable ? describe.skip : describe)('ThrowawayPostgres', () => {
  it('serves fresh databases with fsync and synchronous commit on, and leaves nothing running', async () => {
    const cluster = ThrowawayPostgres.start();
    let url: string;
    try {
      url = await cluster.createDatabase();
      const client = new Client({ connectionString: url });
      await client.connect();
      const settings = await client.query(
        "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit') ORDER BY name",
      );
      await client.end();
      expect(settings.rows).toEqual([
        { name: 'fsync', setting: 'on' },
        { name: 'synchronous_commit', setting: 'on' },
      ]);
      expect(await cluster.createDatabase()).not.toEqual(url);
    } finally {
      cluster.stop();
    }
    const afterStop = new Client({ connectionString: url!, connectionTimeoutMillis: 2000 });
    await expect(afterStop.connect()).rejects.toThrow();
  });
});
