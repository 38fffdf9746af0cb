import { Body, Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor } from '../access/current-actor.decorator';
import type { Actor } from '../domain/commands';
import type { Subject } from '../domain/events';
import { CorrectEventBody, RaiseFlagBody, RecordCertificationBody, ResolveFlagBody } from '../http/dto/bodies';
import { PathIdPipe } from '../http/path-id.pipe';
import { WriteMetaParam, type WriteMeta } from '../http/write-request.decorator';
import { CLOCK, type Clock } from '../ledger/clock';
import { LedgerCommandMessage } from './ledger-command.handler';
import { writeResponse } from './write-response';

type WriteAnswer = { eventIds: string[]; position: string };

/** Express 5 routes take no alternation, so one handler serves both paths and the path says which. */
function subjectOf(req: Request, id: string): Subject {
  return req.path.startsWith('/v1/lots/') ? { kind: 'lot', lotId: id } : { kind: 'facility', facilityId: id };
}

/**
 * Rule 8: auditors and regulators attach certificates and risk flags to any lot or facility; and
 * corrections, which annotate rather than rewrite.
 */
@ApiTags('certifications and flags')
@ApiBearerAuth()
@Controller('v1')
export class RiskController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(['lots/:id/certifications', 'facilities/:id/certifications'])
  @ApiOperation({ summary: 'attach a certificate to a lot or facility (auditor, regulator)' })
  async certify(
    @Req() req: Request,
    @Param('id', PathIdPipe) id: string,
    @Body() body: RecordCertificationBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'RecordCertification',
          actor,
          subject: subjectOf(req, id),
          certificationId: body.certificationId,
          scheme: body.scheme,
          issuer: body.issuer,
          validFrom: body.validFrom,
          validTo: body.validTo,
          ...(body.documentSha256 ? { documentSha256: body.documentSha256 } : {}),
          occurredAt: body.occurredAt ?? this.clock.now(),
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }

  @Post(['lots/:id/flags', 'facilities/:id/flags'])
  @ApiOperation({ summary: 'raise a risk flag on a lot or facility (auditor, regulator)' })
  async raise(
    @Req() req: Request,
    @Param('id', PathIdPipe) id: string,
    @Body() body: RaiseFlagBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'RaiseFlag',
          actor,
          subject: subjectOf(req, id),
          flagId: body.flagId,
          category: body.category,
          severity: body.severity,
          description: body.description,
          occurredAt: body.occurredAt ?? this.clock.now(),
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }

  @Post(['lots/:id/flags/:flagId/resolution', 'facilities/:id/flags/:flagId/resolution'])
  @ApiOperation({ summary: 'resolve an open flag: cleared or confirmed (auditor, regulator)' })
  async resolve(
    @Req() req: Request,
    @Param('id', PathIdPipe) id: string,
    @Param('flagId', PathIdPipe) flagId: string,
    @Body() body: ResolveFlagBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'ResolveFlag',
          actor,
          subject: subjectOf(req, id),
          flagId,
          outcome: body.outcome,
          note: body.note,
          occurredAt: body.occurredAt ?? this.clock.now(),
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }

  @Post(['lots/:id/corrections', 'facilities/:id/corrections'])
  @ApiOperation({
    summary: 'declare an earlier event of a lot or facility erroneous (its author, an auditor or a regulator); the original stays in the log',
  })
  async correct(
    @Req() req: Request,
    @Param('id', PathIdPipe) id: string,
    @Body() body: CorrectEventBody,
    @CurrentActor() actor: Actor,
    @WriteMetaParam() meta: WriteMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WriteAnswer> {
    const outcome = await this.commands.execute(
      new LedgerCommandMessage(
        {
          type: 'CorrectEvent',
          actor,
          subject: subjectOf(req, id),
          correctedEventId: body.eventId,
          reason: body.reason,
          occurredAt: body.occurredAt ?? this.clock.now(),
        },
        meta,
      ),
    );
    return writeResponse(res, outcome);
  }
}
