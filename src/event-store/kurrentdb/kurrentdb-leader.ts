import type { Metadata } from '@grpc/grpc-js';
import { KurrentDBClient, NotLeaderError, UnavailableError } from '@kurrent/kurrentdb-client';
import { NotLeaderNodeErrorDetails } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/errors_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';

/**
 * A follower refuses a multi-stream append with FAILED_PRECONDITION and NotLeaderNodeErrorDetails
 * naming the leader (KurrentDB `ApiErrors.NotLeaderNode`). Client 1.3.1 does not recognise that
 * answer: it becomes an `UnknownError` and the client keeps talking to the follower. These two
 * functions read the answer and make the client do what it does for a v1 not-leader answer.
 */

export interface LeaderEndpoint {
  address: string;
  port: number;
}

/** The leader named in a not-leader answer; `null` when the error is not one. */
export function notLeaderAnswer(error: unknown): { leader: LeaderEndpoint | null } | null {
  const raw = (error as { _raw?: unknown })?._raw ?? error;
  const metadata = (raw as { metadata?: Metadata })?.metadata;
  const trailer = typeof metadata?.get === 'function' ? metadata.get('grpc-status-details-bin')[0] : undefined;
  if (!trailer || typeof trailer === 'string') return null;
  const any = Status.deserializeBinary(new Uint8Array(trailer)).getDetails();
  if (!any?.getTypeUrl().endsWith('NotLeaderNodeErrorDetails')) return null;
  const current = NotLeaderNodeErrorDetails.deserializeBinary(any.getValue_asU8()).getCurrentLeader();
  const leader = current && current.getHost() && current.getPort() > 0 ? { address: current.getHost(), port: current.getPort() } : null;
  return { leader };
}

/**
 * Points the client's next call at `leader`, or, when the follower did not know one yet, has it
 * discover the cluster again. It goes through the client's own reconnection (`handleError`, a
 * protected member, like the feature negotiation the store already uses), so the channel the
 * follower served is closed and every later call, subscriptions included, uses the new one.
 */
export async function reconnectToLeader(client: KurrentDBClient, leader: LeaderEndpoint | null): Promise<void> {
  const internals = client as unknown as {
    getChannel(): Promise<unknown>;
    handleError(grpcClient: { getChannel(): unknown }, error: Error): Promise<void>;
  };
  const channel = await internals.getChannel();
  const reason = leader
    ? new NotLeaderError({
        message: `not the leader; the leader is ${leader.address}:${leader.port}`,
        metadata: { 'leader-endpoint-host': leader.address, 'leader-endpoint-port': String(leader.port) },
      } as never)
    : new UnavailableError(undefined, 'not the leader, and no leader known yet');
  await internals.handleError({ getChannel: () => channel }, reason);
}
