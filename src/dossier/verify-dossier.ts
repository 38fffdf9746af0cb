import type { KeyObject } from 'node:crypto';
import type { EventEnvelopeJson } from '../event-store/event-envelope';
import { verifyCheckpoint } from '../integrity/checkpoint';
import { verifyEventInclusion } from '../integrity/proof-json';
import type { DossierProof } from './tracing-dossier';

export interface DossierVerdict {
  ok: boolean;
  /** Events whose inclusion in the signed log was proven. */
  proven: number;
  treeSize: number | null;
  /** What failed, one line each; empty when `ok`. */
  problems: string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Verifies a tracing dossier offline with the log's public key (got elsewhere, not the dossier's
 * own copy): the checkpoint's signature, one inclusion proof per cited event against that
 * checkpoint, and that every stage, certification and flag cites only proven events. Any changed
 * byte in a cited event changes its leaf hash, so its proof fails.
 */
export function verifyDossier(dossier: unknown, publicKey: KeyObject | string | Buffer): DossierVerdict {
  const problems: string[] = [];
  if (!isObject(dossier) || typeof dossier.checkpoint !== 'string' || !Array.isArray(dossier.events) || !Array.isArray(dossier.proofs)) {
    return { ok: false, proven: 0, treeSize: null, problems: ['not a tracing dossier: checkpoint, events and proofs are required'] };
  }
  let treeSize: number;
  try {
    treeSize = verifyCheckpoint(dossier.checkpoint, publicKey).treeSize;
  } catch (error) {
    return { ok: false, proven: 0, treeSize: null, problems: [`the checkpoint does not verify with this key: ${(error as Error).message}`] };
  }
  const proofs = new Map<string, DossierProof>();
  for (const proof of dossier.proofs as DossierProof[]) {
    if (!isObject(proof) || typeof proof.eventId !== 'string') problems.push('a proof without an eventId');
    else if (proofs.has(proof.eventId)) problems.push(`two proofs for event ${proof.eventId}`);
    else proofs.set(proof.eventId, proof);
  }
  const proven = new Set<string>();
  for (const event of dossier.events as EventEnvelopeJson[]) {
    const id = isObject(event) && typeof event.eventId === 'string' ? event.eventId : null;
    const proof = id === null ? undefined : proofs.get(id);
    if (id === null || !proof) {
      problems.push(`event ${id ?? '(without id)'} has no inclusion proof`);
      continue;
    }
    if (verifyEventInclusion(event, proof, dossier.checkpoint, publicKey)) proven.add(id);
    else problems.push(`event ${id} (leaf ${proof.leafIndex}) is not in the signed log as given: it or its proof was altered`);
    if (typeof dossier.position === 'string' && /^\d+$/.test(event.position) && BigInt(event.position) > BigInt(dossier.position)) {
      problems.push(`event ${id} is later (position ${event.position}) than the dossier (${dossier.position})`);
    }
  }
  for (const id of proofs.keys()) if (!(dossier.events as Json[]).some((e) => isObject(e) && e.eventId === id)) problems.push(`a proof for event ${id}, which the dossier does not cite`);
  const citations = [
    ...(Array.isArray(dossier.stages) ? (dossier.stages as Json[]) : []).flatMap((s) => (Array.isArray(s.eventIds) ? (s.eventIds as unknown[]) : [])),
    ...(Array.isArray(dossier.certifications) ? (dossier.certifications as Json[]) : []).map((c) => c.eventId),
    ...(Array.isArray(dossier.openFlags) ? (dossier.openFlags as Json[]) : []).map((f) => f.eventId),
  ];
  for (const id of citations) if (id !== null && !proven.has(String(id))) problems.push(`the dossier relies on event ${String(id)}, which is not proven`);
  return { ok: problems.length === 0, proven: proven.size, treeSize, problems };
}
