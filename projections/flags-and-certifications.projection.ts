import { asLedgerEvent, KNOWN_TYPES } from '../src/domain/stored-event';
import type { FlagCategory, FlagOutcome, FlagSeverity, FlagSubject, ScreeningMatch, ScreeningSource, Subject } from '../src/domain/events';
import type { RecordedEvent } from '../src/event-store/event-store.port';
import { ledgerEventOf, subjectKey } from './ledger-event';
import { MemoryDocuments } from './memory-documents';
import type { DocumentState, Projection } from './projection';

export interface FlagRecord {
  flagId: string;
  subject: FlagSubject;
  category: FlagCategory;
  severity: FlagSeverity;
  description: string;
  automatic: boolean;
  /** The watch-list entry a screening flag comes from, and how it matched; null on other flags. */
  source: ScreeningSource | null;
  match: ScreeningMatch | null;
  raisedAt: string;
  raisedPosition: string;
  resolution: { outcome: FlagOutcome; note: string; resolvedAt: string; position: string } | null;
}

export interface CertificationRecord {
  certificationId: string;
  subject: Subject;
  scheme: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  documentSha256: string | null;
  recordedPosition: string;
}

/** flagId → the flag, open or resolved. */
export const FLAGS = 'flags';
/** certificationId → the certification with its validity. */
export const CERTIFICATIONS = 'certifications';
/** `lot:<id>` / `facility:<id>` / `party:<id>` → its flag ids. */
export const SUBJECT_FLAGS = 'subject-flags';
/** `lot:<id>` / `facility:<id>` → its certification ids. */
export const SUBJECT_CERTIFICATIONS = 'subject-certifications';

/**
 * (c) Flags and certifications per lot and facility, with the times they were raised, resolved
 * and valid. One document per flag or certification, linked to its subject, so a subject with a
 * long history costs one small write per event, not a copy of the whole history.
 */
export const flagsAndCertificationsProjection: Projection = {
  name: 'flags-and-certifications',
  collections: [FLAGS, CERTIFICATIONS],
  relations: [SUBJECT_FLAGS, SUBJECT_CERTIFICATIONS],
  canHandle: ['FlagRaised', 'FlagResolved', 'CertificationRecorded'],
  dependsOn: { asLedgerEvent, KNOWN_TYPES, evolveFlagsAndCertifications, ledgerEventOf, subjectKey },
  initialState: () => new MemoryDocuments(),
  evolve: (state, event) => {
    evolveFlagsAndCertifications(state, event);
    return state;
  },
};

function evolveFlagsAndCertifications(state: DocumentState, event: RecordedEvent): void {
  const e = ledgerEventOf(event);
  if (!e) return;
  const at = event.position;
  switch (e.type) {
    case 'FlagRaised': {
      const d = e.data;
      if (state.get<FlagRecord>(FLAGS, d.flagId)) return;
      state.put<FlagRecord>(
        FLAGS,
        d.flagId,
        {
          flagId: d.flagId,
          subject: d.subject,
          category: d.category,
          severity: d.severity,
          description: d.description,
          automatic: d.automatic,
          source: d.source ?? null,
          match: d.match ?? null,
          raisedAt: event.occurredAt,
          raisedPosition: at.toString(),
          resolution: null,
        },
        at,
      );
      state.link(SUBJECT_FLAGS, subjectKey(d.subject), d.flagId, at);
      return;
    }
    case 'FlagResolved': {
      const d = e.data;
      const flag = state.get<FlagRecord>(FLAGS, d.flagId);
      if (!flag || flag.resolution) return;
      const resolution = { outcome: d.outcome, note: d.note, resolvedAt: event.occurredAt, position: at.toString() };
      state.put<FlagRecord>(FLAGS, d.flagId, { ...flag, resolution }, at);
      return;
    }
    case 'CertificationRecorded': {
      const d = e.data;
      if (state.get<CertificationRecord>(CERTIFICATIONS, d.certificationId)) return;
      state.put<CertificationRecord>(
        CERTIFICATIONS,
        d.certificationId,
        {
          certificationId: d.certificationId,
          subject: d.subject,
          scheme: d.scheme,
          issuer: d.issuer,
          validFrom: d.validFrom,
          validTo: d.validTo,
          documentSha256: d.documentSha256 ?? null,
          recordedPosition: at.toString(),
        },
        at,
      );
      state.link(SUBJECT_CERTIFICATIONS, subjectKey(d.subject), d.certificationId, at);
      return;
    }
    default:
      return;
  }
}
