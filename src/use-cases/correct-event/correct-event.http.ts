import { Body, Controller } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, CorrectEvent } from '../../domain/commands';
import type { Subject } from '../../domain/events';
import { IdField, LONG_TEXT_MAX, TextField, TimeField } from '../../http/fields/body-fields';
import { WriteRoute } from '../../http/openapi/routes';
import { PathId } from '../../http/path-id.pipe';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

export class CorrectEventBody {
  @IdField({ description: 'id of the erroneous event on this lot or facility', example: '6c1f7e2a-9b3d-4c5e-8f0a-1b2c3d4e5f60' })
  eventId: string;

  @TextField({ description: 'why it is erroneous', example: 'The flag was raised on the wrong lot; see FLAG-2026-004', max: LONG_TEXT_MAX })
  reason: string;

  @TimeField({ description: 'business time (RFC 3339); default: now', example: '2026-06-10T00:00:00Z', optional: true })
  occurredAt?: string;
}

export function toCorrectEvent(subject: Subject, body: CorrectEventBody, actor: Actor, occurredAt: string): CorrectEvent {
  return { type: 'CorrectEvent', actor, subject, correctedEventId: body.eventId, reason: body.reason, occurredAt };
}

/** Corrections annotate rather than rewrite: the original stays in the log. */
@ApiTags('certifications and flags')
@Controller('v1')
export class CorrectEventRoute extends CommandRoutes {
  @WriteRoute('CorrectEvent', {
    path: 'lots/:lotId/corrections',
    summary: 'declare an earlier event of a lot erroneous (its author, an auditor or a regulator); the original stays in the log',
    problems: [404],
    params: { lotId: { example: 'CL-BRINE-7' } },
  })
  correctLotEvent(@PathId('lotId') lotId: string, @Body() body: CorrectEventBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toCorrectEvent({ kind: 'lot', lotId }, body, actor, this.occurredAt(body)), write);
  }

  @WriteRoute('CorrectEvent', {
    path: 'facilities/:facilityId/corrections',
    summary: 'declare an earlier event of a facility erroneous (its author, an auditor or a regulator); the original stays in the log',
    problems: [404],
    params: { facilityId: { example: 'jp-kashima-refinery' } },
  })
  // Event ids are unique in the whole log, so the facility's example names another event than the lot's.
  @ApiBody({
    type: CorrectEventBody,
    examples: {
      certification: {
        summary: 'a certification recorded in error',
        value: { eventId: '0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a', reason: 'Certificate issued for another site', occurredAt: '2026-06-10T00:00:00Z' },
      },
    },
  })
  correctFacilityEvent(@PathId('facilityId') facilityId: string, @Body() body: CorrectEventBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toCorrectEvent({ kind: 'facility', facilityId }, body, actor, this.occurredAt(body)), write);
  }
}
