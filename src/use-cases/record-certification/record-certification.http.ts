import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, RecordCertification } from '../../domain/commands';
import type { Subject } from '../../domain/events';
import { IdField, Sha256Field, TextField, TimeField } from '../../http/fields/body-fields';
import { WriteRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

export class RecordCertificationBody {
  @IdField({ description: 'certification id, new for this lot or facility', example: 'IRMA-2026-17' })
  certificationId: string;

  @TextField({ description: 'certification scheme', example: 'IRMA 75' })
  scheme: string;

  @TextField({ description: 'issuing body', example: 'Initiative for Responsible Mining Assurance' })
  issuer: string;

  @TimeField({ description: 'valid from', example: '2026-01-01T00:00:00Z' })
  validFrom: string;

  @TimeField({ description: 'valid until (after validFrom)', example: '2028-12-31T23:59:59Z' })
  validTo: string;

  @Sha256Field({ description: 'SHA-256 of the certificate document, lowercase hex', example: '3b7e1f0a9c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f', optional: true })
  documentSha256?: string;

  @TimeField({ description: 'business time (RFC 3339); default: now', example: '2026-05-01T00:00:00Z', optional: true })
  occurredAt?: string;
}

export function toRecordCertification(subject: Subject, body: RecordCertificationBody, actor: Actor, occurredAt: string): RecordCertification {
  const { certificationId, scheme, issuer, validFrom, validTo, documentSha256 } = body;
  return { type: 'RecordCertification', actor, subject, certificationId, scheme, issuer, validFrom, validTo, ...(documentSha256 ? { documentSha256 } : {}), occurredAt };
}

/** Rule 8: auditors and regulators attach certificates to any lot or facility, whatever its custodian. */
@ApiTags('certifications and flags')
@Controller('v1')
export class RecordCertificationRoute extends CommandRoutes {
  @WriteRoute('RecordCertification', { path: 'lots/:lotId/certifications', summary: 'attach a certificate to a lot (auditor, regulator)', problems: [404] })
  recordLotCertification(@PathId('lotId') lotId: string, @Body() body: RecordCertificationBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toRecordCertification({ kind: 'lot', lotId }, body, actor, this.occurredAt(body)), write);
  }

  @WriteRoute('RecordCertification', { path: 'facilities/:facilityId/certifications', summary: 'attach a certificate to a facility (auditor, regulator)', problems: [404] })
  recordFacilityCertification(@PathId('facilityId') facilityId: string, @Body() body: RecordCertificationBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toRecordCertification({ kind: 'facility', facilityId }, body, actor, this.occurredAt(body)), write);
  }
}
