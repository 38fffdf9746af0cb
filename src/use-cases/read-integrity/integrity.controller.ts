import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import type { Actor } from '../../domain/commands';
import { problem, ProblemError } from '../../http/problem';
import { CheckpointConflictError } from '../../integrity/integrity.errors';
import { IntegrityProjector } from '../../integrity/integrity-projector';
import type { StoredCheckpoint } from '../../integrity/sqlite-checkpoint-store';
import { consistencyProofJson, inclusionProofJson, type ConsistencyProofJson, type InclusionProofJson } from '../../integrity/proof-json';
import { parsePositionParam } from '../read-ledger/ledger.controller';
import { parseCountParam, requireParam, treeSizeBeyondLog } from './integrity-query';

const TEXT = 'text/plain; charset=utf-8';

/**
 * The verifiable log, for auditors and regulators: signed checkpoints, inclusion and consistency
 * proofs (RFC 9162) and the key that signs the checkpoints.
 */
@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1/ledger')
export class IntegrityController {
  constructor(
    @Inject(IntegrityProjector) private readonly integrity: IntegrityProjector,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get('checkpoint')
  @ApiOperation({ summary: 'the latest signed checkpoint (C2SP signed note); one is signed on demand when none covers the log (auditor, regulator)' })
  @ApiProduces('text/plain')
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the Merkle log holds the event at this position' })
  async checkpoint(@CurrentActor() actor: Actor, @Res() res: Response, @Query('minPosition') minPosition?: string): Promise<void> {
    assertAuditor(actor);
    await this.waitFor(minPosition);
    res.status(200).type(TEXT).send(this.latestCheckpoint().note);
  }

  @Get('checkpoints/:treeSize')
  @ApiOperation({ summary: 'the checkpoint signed at exactly this tree size (auditor, regulator)' })
  @ApiProduces('text/plain')
  async checkpointAt(@CurrentActor() actor: Actor, @Res() res: Response, @Param('treeSize') treeSizeParam: string): Promise<void> {
    assertAuditor(actor);
    const treeSize = requireParam('treeSize', parseCountParam('treeSize', treeSizeParam));
    const checkpoint = this.integrity.checkpointAt(treeSize);
    if (checkpoint === null) {
      throw new ProblemError(
        problem('checkpoint-not-found', `no checkpoint was signed at tree size ${treeSize}; GET /v1/ledger/checkpoint gives the latest`),
      );
    }
    res.status(200).type(TEXT).send(checkpoint.note);
  }

  @Get('proofs/inclusion')
  @ApiOperation({ summary: 'audit path of one event (by leafIndex or eventId) in the tree of treeSize leaves (auditor, regulator)' })
  @ApiQuery({ name: 'leafIndex', required: false, description: 'the leaf (0-based order in the global log); or give eventId' })
  @ApiQuery({ name: 'eventId', required: false })
  @ApiQuery({ name: 'treeSize', required: false, description: 'default: the latest checkpoint' })
  @ApiQuery({ name: 'minPosition', required: false })
  async inclusion(
    @CurrentActor() actor: Actor,
    @Query('leafIndex') leafIndexParam?: string,
    @Query('eventId') eventId?: string,
    @Query('treeSize') treeSizeParam?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<InclusionProofJson> {
    assertAuditor(actor);
    const byIndex = parseCountParam('leafIndex', leafIndexParam);
    const byEvent = eventId === undefined || eventId === '' ? null : eventId;
    if ((byIndex === null) === (byEvent === null)) {
      throw new ProblemError(
        problem('invalid-query', 'give exactly one of leafIndex and eventId', {
          errors: [{ field: byIndex === null ? 'leafIndex' : 'eventId', message: 'exactly one of leafIndex and eventId' }],
        }),
      );
    }
    let treeSize = parseCountParam('treeSize', treeSizeParam);
    await this.waitFor(minPosition);
    treeSize ??= this.latestCheckpoint().treeSize;
    this.assertWithinLog('treeSize', treeSize);
    let leafIndex: number;
    if (byEvent !== null) {
      const leaf = this.integrity.log.leafOfEvent(byEvent);
      if (leaf === null) {
        throw new ProblemError(
          problem('event-not-in-log', `event ${byEvent} is not in the Merkle log; if it was just written, pass minPosition`),
        );
      }
      leafIndex = leaf.leafIndex;
    } else {
      leafIndex = byIndex as number;
    }
    if (leafIndex >= treeSize) {
      throw new ProblemError(
        problem('leaf-beyond-tree', `leaf ${leafIndex} is not in the tree of ${treeSize} leaves; ask with a larger treeSize`, {
          errors: [{ field: byEvent !== null ? 'eventId' : 'leafIndex', message: `leaf ${leafIndex} ≥ treeSize ${treeSize}` }],
        }),
      );
    }
    return inclusionProofJson(leafIndex, treeSize, this.integrity.log.inclusionProof(leafIndex, treeSize));
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (auditor, regulator)' })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: false, description: 'default: the latest checkpoint' })
  @ApiQuery({ name: 'minPosition', required: false })
  async consistency(
    @CurrentActor() actor: Actor,
    @Query('from') fromParam?: string,
    @Query('to') toParam?: string,
    @Query('minPosition') minPosition?: string,
  ): Promise<ConsistencyProofJson> {
    assertAuditor(actor);
    const from = requireParam('from', parseCountParam('from', fromParam));
    let to = parseCountParam('to', toParam);
    await this.waitFor(minPosition);
    to ??= this.latestCheckpoint().treeSize;
    if (from > to) {
      throw new ProblemError(
        problem('invalid-query', `from (${from}) must not exceed to (${to})`, { errors: [{ field: 'from', message: `at most ${to}` }] }),
      );
    }
    this.assertWithinLog('to', to);
    return consistencyProofJson(from, to, this.integrity.log.consistencyProof(from, to));
  }

  @Get('public-key')
  @ApiOperation({ summary: 'the Ed25519 public key (SPKI PEM) that verifies the checkpoints (auditor, regulator)' })
  @ApiProduces('text/plain')
  publicKey(@CurrentActor() actor: Actor, @Res() res: Response): void {
    assertAuditor(actor);
    res.status(200).type(TEXT).send(this.integrity.publicKeyPem());
  }

  /** The latest checkpoint, signed now when none covers the log. */
  private latestCheckpoint(): StoredCheckpoint {
    try {
      return this.integrity.checkpoint();
    } catch (error) {
      // The log no longer reproduces a root it signed: an alarm for the operator, never a new signature.
      if (error instanceof CheckpointConflictError) throw new ProblemError(problem('checkpoint-conflict', error.message));
      throw error;
    }
  }

  private assertWithinLog(name: string, treeSize: number): void {
    const size = this.integrity.size();
    if (treeSize > size) throw treeSizeBeyondLog(name, treeSize, size);
  }

  private async waitFor(minPositionParam: string | undefined): Promise<void> {
    const minPosition = parsePositionParam('minPosition', minPositionParam);
    if (minPosition === null) return;
    if (!(await this.integrity.waitFor(minPosition, this.config.readWaitMs))) {
      throw new ProblemError(
        problem('not-yet-logged', `the Merkle log has not reached position ${minPosition} within ${this.config.readWaitMs} ms; retry shortly`),
      );
    }
  }
}

function assertAuditor(actor: Actor): void {
  if (!isAuditorOrRegulator(actor)) {
    throw new ProblemError(problem('not-an-auditor', 'only auditors and regulators read checkpoints, proofs and the signing key'));
  }
}
