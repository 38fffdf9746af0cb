import type { CertificationRecorded, FlagCategory, FlagRaised, FlagResolved, FlagSeverity } from './events';

/**
 * The flags and certifications attached to one subject (a lot or a facility). Both subjects keep
 * the same record, so rule 8 is decided the same way for either.
 */
export interface OpenFlag {
  flagId: string;
  category: FlagCategory;
  severity: FlagSeverity;
  /** True when the ledger raised it itself (mass discrepancy on receipt). */
  automatic: boolean;
}

export interface CertificationRecord {
  certificationId: string;
  scheme: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

export interface RiskRecord {
  openFlags: OpenFlag[];
  /** Every flag id ever raised on the subject, open or resolved: ids are never reused. */
  flagIds: string[];
  certifications: CertificationRecord[];
}

export function emptyRiskRecord(): RiskRecord {
  return { openFlags: [], flagIds: [], certifications: [] };
}

export function evolveRiskRecord(
  record: RiskRecord,
  event: FlagRaised | FlagResolved | CertificationRecorded,
): RiskRecord {
  // Copies only the record's own fields, so a lot or facility state can be passed in as is.
  const { openFlags, flagIds, certifications } = record;
  switch (event.type) {
    case 'FlagRaised': {
      const { flagId, category, severity, automatic } = event.data;
      return {
        openFlags: [...openFlags, { flagId, category, severity, automatic }],
        flagIds: [...flagIds, flagId],
        certifications,
      };
    }
    case 'FlagResolved':
      return { openFlags: openFlags.filter((f) => f.flagId !== event.data.flagId), flagIds, certifications };
    case 'CertificationRecorded': {
      const { certificationId, scheme, issuer, validFrom, validTo } = event.data;
      return {
        openFlags,
        flagIds,
        certifications: [...certifications, { certificationId, scheme, issuer, validFrom, validTo }],
      };
    }
  }
}
