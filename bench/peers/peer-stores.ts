import { join } from 'node:path';
import type { PeerStore, PeerStoreName } from '../bench-peers';

/**
 * The Emmett stores as the bench drives them. Each is imported only when its job asks for it, so
 * a child process measuring one store never loads the other's modules (peak RSS is per process).
 */
export const peerStores: Record<PeerStoreName, PeerStore> = {
  'emmett-sqlite': {
    async openWriteSubject(job) {
      const { EmmettSqliteSubject } = await import('./emmett-sqlite-subject');
      const subject = new EmmettSqliteSubject(join(job.dir, 'emmett.sqlite'));
      await subject.open();
      return subject;
    },
    loadLog: async (job) => (await import('./emmett-sqlite-log')).loadEmmettSqliteLog(job),
    openLogPages: async (job) => (await import('./emmett-sqlite-log')).emmettSqliteLogPages(job),
  },
  'emmett-postgresql': {
    async openWriteSubject(job) {
      if (!job.postgresUrl) throw new Error('emmett-postgresql needs a PostgreSQL database');
      const { EmmettPostgresqlSubject } = await import('./emmett-postgresql-subject');
      const subject = new EmmettPostgresqlSubject(job.postgresUrl);
      await subject.open();
      return subject;
    },
    loadLog: async (job) => (await import('./emmett-postgresql-log')).loadEmmettPostgresqlLog(job),
    openLogPages: async (job) => (await import('./emmett-postgresql-log')).emmettPostgresqlLogPages(job),
  },
};
