import type { FlagCategory, FlagOutcome, FlagSeverity, Subject } from '../src/domain/events';
import type { RecordedEvent } from '../src/event-store/event-store.port';
import { ledgerEventOf, subjectKey } from './ledger-event';
import { MemoryDocuments } from './memory-documents';
import type { DocumentState, Projection } from './projection';

export interface FlagRecord {
  flagId: string;
  category: FlagCategory;
  severity: FlagSeverity;
  description: string;
  automatic: boolean;
  raisedAt: string;
  raisedPosition: string;
  resolution: { outcome: FlagOutcome; note: string; resolvedAt: string; position: string } | null;
}

export interface CertificationRecord {
  certificationId: string;
  scheme: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  documentSha256: string | null;
  recordedPosition: string;
}

export interface SubjectFlags {
  subject: Subject;
  flags: FlagRecord[];
}

export interface SubjectCertifications {
  subject: Subject;
  certifications: CertificationRecord[];
}

/** `lot:<id>` / `facility:<id>` → its flags, open or resolved. */
export const FLAGS = 'flags';
/** `lot:<id>` / `facility:<id>` → its certifications with their validity. */
export const CERTIFICATIONS = 'certifications';

/** (c) Flags and certifications per lot and facility, with the times they were raised, resolved, valid. */
export const flagsAndCertificationsProjection: Projection = {
  name: 'flags-and-certifications',
  collections: [FLAGS, CERTIFICATIONS],
  relations: [],
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
      const key = subjectKey(d.subject);
      const current = state.get<SubjectFlags>(FLAGS, key) ?? { subject: d.subject, flags: [] };
      if (current.flags.some((f) => f.flagId === d.flagId)) return;
      const flag: FlagRecord = {
        flagId: d.flagId,
        category: d.category,
        severity: d.severity,
        description: d.description,
        automatic: d.automatic,
        raisedAt: event.occurredAt,
        raisedPosition: at.toString(),
        resolution: null,
      };
      state.put<SubjectFlags>(FLAGS, key, { ...current, flags: [...current.flags, flag] }, at);
      return;
    }
    case 'FlagResolved': {
      const d = e.data;
      const key = subjectKey(d.subject);
      const current = state.get<SubjectFlags>(FLAGS, key);
      if (!current) return;
      const flags = current.flags.map((f) =>
        f.flagId !== d.flagId || f.resolution
          ? f
          : { ...f, resolution: { outcome: d.outcome, note: d.note, resolvedAt: event.occurredAt, position: at.toString() } },
      );
      state.put<SubjectFlags>(FLAGS, key, { ...current, flags }, at);
      return;
    }
    case 'CertificationRecorded': {
      const d = e.data;
      const key = subjectKey(d.subject);
      const current = state.get<SubjectCertifications>(CERTIFICATIONS, key) ?? { subject: d.subject, certifications: [] };
      const certification: CertificationRecord = {
        certificationId: d.certificationId,
        scheme: d.scheme,
        issuer: d.issuer,
        validFrom: d.validFrom,
        validTo: d.validTo,
        documentSha256: d.documentSha256 ?? null,
        recordedPosition: at.toString(),
      };
      state.put<SubjectCertifications>(
        CERTIFICATIONS,
        key,
        { ...current, certifications: [...current.certifications, certification] },
        at,
      );
      return;
    }
    default:
      return;
  }
}

/** Flags open as of the document version read. */
export function openFlags(doc: SubjectFlags | undefined): FlagRecord[] {
  return doc ? doc.flags.filter((f) => f.resolution === null) : [];
}
