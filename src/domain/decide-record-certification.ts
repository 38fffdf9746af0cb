import { parseInstant } from './business-time';
import { assertId, assertSha256, assertText } from './command-fields';
import type { RecordCertification } from './commands';
import { CertificationAlreadyExists, InvalidCertificationPeriod } from './errors';
import type { CertificationRecorded } from './events';
import { riskSubjectFor, riskSubjectReads, type RiskSubjectContext } from './risk-subject';
import { defineSlice } from './slice';

export type RecordCertificationContext = RiskSubjectContext;

/** Rule 8: an auditor or regulator attaches a certificate with a validity period; its id is used once per subject. */
export function decideRecordCertification(
  command: RecordCertification,
  context: RecordCertificationContext,
): [CertificationRecorded] {
  assertId(command.certificationId, 'certificationId');
  assertText(command.scheme, 'scheme');
  assertText(command.issuer, 'issuer');
  const validFrom = parseInstant(command.validFrom, 'validFrom');
  const validTo = parseInstant(command.validTo, 'validTo');
  if (command.documentSha256 !== undefined) assertSha256(command.documentSha256, 'documentSha256');
  if (validTo <= validFrom) throw new InvalidCertificationPeriod(command.validFrom, command.validTo);
  const record = riskSubjectFor(command.actor, command.subject, command.occurredAt, context);
  if (record.certifications.some((c) => c.certificationId === command.certificationId)) {
    throw new CertificationAlreadyExists(command.certificationId);
  }
  return [
    {
      type: 'CertificationRecorded',
      data: {
        certificationId: command.certificationId,
        subject: { ...command.subject },
        scheme: command.scheme,
        issuer: command.issuer,
        validFrom: command.validFrom,
        validTo: command.validTo,
        ...(command.documentSha256 !== undefined ? { documentSha256: command.documentSha256 } : {}),
      },
    },
  ];
}

/** RecordCertification reads its subject's stream (a lot's or a facility's) and writes it. */
export const recordCertificationSlice = defineSlice({
  reads: (command: RecordCertification) => riskSubjectReads(command.subject),
  decide: decideRecordCertification,
});
