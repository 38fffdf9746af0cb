import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, RaiseFlag } from '../../domain/commands';
import { FLAG_SEVERITIES, RAISABLE_FLAG_CATEGORIES, type FlagSubject } from '../../domain/events';
import { EnumField, IdField, LONG_TEXT_MAX, TextField, TimeField } from '../../http/fields/body-fields';
import { WriteRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

export class RaiseFlagBody {
  @IdField({ description: 'flag id, new for this lot or facility', example: 'FLAG-2026-003' })
  flagId: string;

  @EnumField(RAISABLE_FLAG_CATEGORIES, 'RaisableFlagCategory', { description: 'the risk (`review` is raised only by screening)', example: 'forced-labor' })
  category: (typeof RAISABLE_FLAG_CATEGORIES)[number];

  @EnumField(FLAG_SEVERITIES, 'FlagSeverity', { description: 'how serious', example: 'high' })
  severity: (typeof FLAG_SEVERITIES)[number];

  @TextField({ description: 'what was found or alleged', example: 'Credible NGO report of forced labour at the pit', max: LONG_TEXT_MAX })
  description: string;

  @TimeField({ description: 'business time (RFC 3339); default: now', example: '2026-05-01T00:00:00Z', optional: true })
  occurredAt?: string;
}

export function toRaiseFlag(subject: FlagSubject, body: RaiseFlagBody, actor: Actor, occurredAt: string): RaiseFlag {
  const { flagId, category, severity, description } = body;
  return { type: 'RaiseFlag', actor, subject, flagId, category, severity, description, occurredAt };
}

/** Rule 8: auditors and regulators raise risk flags on any lot or facility, whatever its custodian. */
@ApiTags('certifications and flags')
@Controller('v1')
export class RaiseFlagRoute extends CommandRoutes {
  @WriteRoute('RaiseFlag', { path: 'lots/:lotId/flags', summary: 'raise a risk flag on a lot (auditor, regulator)', problems: [404] })
  raiseLotFlag(@PathId('lotId') lotId: string, @Body() body: RaiseFlagBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toRaiseFlag({ kind: 'lot', lotId }, body, actor, this.occurredAt(body)), write);
  }

  @WriteRoute('RaiseFlag', { path: 'facilities/:facilityId/flags', summary: 'raise a risk flag on a facility (auditor, regulator)', problems: [404] })
  raiseFacilityFlag(@PathId('facilityId') facilityId: string, @Body() body: RaiseFlagBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toRaiseFlag({ kind: 'facility', facilityId }, body, actor, this.occurredAt(body)), write);
  }

  /** Art. 5.8: an entity list names companies, so a flag on a party counts for every facility it operates and every lot it held. */
  @WriteRoute('RaiseFlag', { path: 'parties/:partyId/flags', summary: 'raise a risk flag on a party: it counts for every facility it operates and every lot it held (auditor, regulator)', problems: [404] })
  raisePartyFlag(@PathId('partyId') partyId: string, @Body() body: RaiseFlagBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toRaiseFlag({ kind: 'party', partyId }, body, actor, this.occurredAt(body)), write);
  }
}
