import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, ResolveFlag } from '../../domain/commands';
import { PERSON_FLAG_OUTCOMES, type FlagSubject } from '../../domain/events';
import { EnumField, LONG_TEXT_MAX, TextField, TimeField } from '../../http/fields/body-fields';
import { WriteRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

export class ResolveFlagBody {
  @EnumField(PERSON_FLAG_OUTCOMES, 'FlagResolutionOutcome', { description: 'cleared (unfounded or remedied) or confirmed (`delisted` is screening\'s own)', example: 'cleared' })
  outcome: (typeof PERSON_FLAG_OUTCOMES)[number];

  @TextField({ description: 'the finding', example: 'Site audit found no evidence; remediation plan on file', max: LONG_TEXT_MAX })
  note: string;

  @TimeField({ description: 'business time (RFC 3339); default: now', example: '2026-05-15T00:00:00Z', optional: true })
  occurredAt?: string;
}

export function toResolveFlag(subject: FlagSubject, flagId: string, body: ResolveFlagBody, actor: Actor, occurredAt: string): ResolveFlag {
  return { type: 'ResolveFlag', actor, subject, flagId, outcome: body.outcome, note: body.note, occurredAt };
}

@ApiTags('certifications and flags')
@Controller('v1')
export class ResolveFlagRoute extends CommandRoutes {
  @WriteRoute('ResolveFlag', { path: 'lots/:lotId/flags/:flagId/resolution', summary: 'resolve an open flag on a lot: cleared or confirmed (auditor, regulator)', problems: [404] })
  resolveLotFlag(
    @PathId('lotId') lotId: string,
    @PathId('flagId') flagId: string,
    @Body() body: ResolveFlagBody,
    @CurrentActor() actor: Actor,
    @WriteRequestParam() write: WriteRequest,
  ) {
    return this.run(toResolveFlag({ kind: 'lot', lotId }, flagId, body, actor, this.occurredAt(body)), write);
  }

  @WriteRoute('ResolveFlag', {
    path: 'facilities/:facilityId/flags/:flagId/resolution',
    summary: 'resolve an open flag on a facility: cleared or confirmed (auditor, regulator)',
    problems: [404],
  })
  resolveFacilityFlag(
    @PathId('facilityId') facilityId: string,
    @PathId('flagId') flagId: string,
    @Body() body: ResolveFlagBody,
    @CurrentActor() actor: Actor,
    @WriteRequestParam() write: WriteRequest,
  ) {
    return this.run(toResolveFlag({ kind: 'facility', facilityId }, flagId, body, actor, this.occurredAt(body)), write);
  }

  @WriteRoute('ResolveFlag', {
    path: 'parties/:partyId/flags/:flagId/resolution',
    summary: 'resolve an open flag on a party: cleared or confirmed (auditor, regulator); confirming a screening review flag makes the party the listed entity',
    problems: [404],
  })
  resolvePartyFlag(
    @PathId('partyId') partyId: string,
    @PathId('flagId') flagId: string,
    @Body() body: ResolveFlagBody,
    @CurrentActor() actor: Actor,
    @WriteRequestParam() write: WriteRequest,
  ) {
    return this.run(toResolveFlag({ kind: 'party', partyId }, flagId, body, actor, this.occurredAt(body)), write);
  }
}
