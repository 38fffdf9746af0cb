import type { ProvenanceGraph } from '../../src/provenance/provenance-graph';
import type { ListPage, LotStateView, OriginsView } from '../../src/provenance/provenance-views';

/** A problem+json answer (RFC 9457) or a network failure, with a sentence a person can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Me {
  partyId: string;
  name: string | null;
  country: string | null;
  roles: string[];
}

export interface Party {
  partyId: string;
  name: string;
  country: string;
  roles: string[];
}

export interface Facility {
  facilityId: string;
  operatorId: string;
  name: string;
  kind: string;
  country: string;
}

/** One event as `GET /v1/lots/{lotId}/events` and the export present it (its Merkle leaf is this, canonicalised). */
export interface EventEnvelope {
  eventId: string;
  type: string;
  streamId: string;
  streamRevision: number;
  position: string;
  recordedAt: string;
  occurredAt: string;
  actorPartyId: string;
  idempotencyKey: string | null;
  schemaVersion: number;
  payloadSha256: string;
  data: Record<string, unknown>;
}

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  hashes: string[];
}

export type Query = Record<string, string | undefined>;

/** The ledger's HTTP API, as the signed-in key. */
export class Api {
  constructor(private readonly apiKey: string) {}

  me = () => this.json<Me>('/v1/me');
  lots = (query: Query) => this.json<ListPage<LotStateView>>('/v1/lots', query);
  parties = (query: Query = {}) => this.json<ListPage<Party>>('/v1/parties', { limit: '500', ...query });
  facilities = (query: Query = {}) => this.json<ListPage<Facility>>('/v1/facilities', { limit: '500', ...query });
  provenance = (lotId: string, asOf?: string) => this.json<ProvenanceGraph>(`/v1/lots/${encodeURIComponent(lotId)}/provenance`, { asOf });
  origins = (lotId: string, asOf?: string) => this.json<OriginsView>(`/v1/lots/${encodeURIComponent(lotId)}/origins`, { asOf });
  lotEvents = (lotId: string) => this.json<{ lotId: string; events: EventEnvelope[] }>(`/v1/lots/${encodeURIComponent(lotId)}/events`);
  checkpoint = () => this.text('/v1/ledger/checkpoint');
  publicKey = () => this.text('/v1/ledger/public-key');
  inclusionProof = (eventId: string, treeSize: number) =>
    this.json<InclusionProof>('/v1/ledger/proofs/inclusion', { eventId, treeSize: String(treeSize) });

  async json<T>(path: string, query: Query = {}): Promise<T> {
    return (await this.request(path, query, 'application/json')).json() as Promise<T>;
  }

  async text(path: string, query: Query = {}): Promise<string> {
    return (await this.request(path, query, 'text/plain')).text();
  }

  private async request(path: string, query: Query, accept: string): Promise<Response> {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
    const url = params.size > 0 ? `${path}?${params}` : path;
    let res: Response;
    try {
      res = await fetch(url, { headers: { Authorization: `Bearer ${this.apiKey}`, Accept: accept } });
    } catch {
      throw new ApiError(0, 'unreachable', 'The ledger did not answer. Check that the service is running and try again.');
    }
    if (res.ok) return res;
    let problem: { code?: string; detail?: string; title?: string } = {};
    try {
      problem = await res.json();
    } catch {
      // Not problem+json: the status says enough.
    }
    throw new ApiError(res.status, problem.code ?? `http-${res.status}`, problem.detail ?? problem.title ?? `The ledger answered ${res.status}.`);
  }
}
