/**
 * Three (or more) stand-in nodes playing one KurrentDB cluster: they share one log (replication
 * is instant, see the limits in `kurrentdb-stand-in.ts`), each answers gossip with the same
 * membership, and exactly one leads. A test moves the leader; the followers then answer appends
 * the way a follower does (NotLeader naming the new leader), so a client has to find it.
 */
import { InMemoryLog } from './in-memory-log';
import { KurrentDbStandIn, type KurrentDbStandInOptions, type Membership } from './kurrentdb-stand-in';

export class KurrentDbStandInCluster {
  private leaderIndex = 0;

  private constructor(readonly nodes: KurrentDbStandIn[]) {}

  static async start(size = 3, options: Omit<KurrentDbStandInOptions, 'log' | 'membership' | 'port'> = {}): Promise<KurrentDbStandInCluster> {
    const log = new InMemoryLog();
    const nodes: KurrentDbStandIn[] = [];
    const cluster = new KurrentDbStandInCluster(nodes);
    const membership: Membership = { members: () => nodes, leader: () => nodes[cluster.leaderIndex] ?? null };
    for (let i = 0; i < size; i++) {
      // The first node writes the system events; the others serve the same log.
      nodes.push(await KurrentDbStandIn.start({ ...options, log, membership, systemEvents: i === 0 && options.systemEvents !== false }));
    }
    return cluster;
  }

  get log(): InMemoryLog {
    return this.nodes[0].log;
  }

  get leader(): KurrentDbStandIn {
    return this.nodes[this.leaderIndex];
  }

  /** Every node as a gossip seed; the client discovers and prefers the leader. */
  get connectionString(): string {
    const hosts = this.nodes.map((node) => `${node.host}:${node.port}`).join(',');
    return `kurrentdb://${hosts}?tls=false&nodePreference=leader`;
  }

  /** The leader is now node `index`; the others follow it from the next request on. */
  moveLeader(index: number): void {
    if (index < 0 || index >= this.nodes.length) throw new Error(`no node ${index} in a cluster of ${this.nodes.length}`);
    this.leaderIndex = index;
  }

  get notLeaderAnswers(): number {
    return this.nodes.reduce((sum, node) => sum + node.notLeaderAnswers, 0);
  }

  get lostAnswers(): number {
    return this.nodes.reduce((sum, node) => sum + node.lostAnswers, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.close()));
  }
}
