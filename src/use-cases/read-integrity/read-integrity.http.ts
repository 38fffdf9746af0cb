import { Controller, Inject, Param, Query } from '@nestjs/common';
import { ApiProperty, ApiTags, type ApiPropertyOptions } from '@nestjs/swagger';
import { isAuditorOrRegulator } from '../../access/actor';
import { CurrentActor } from '../../access/current-actor.decorator';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import type { Actor } from '../../domain/commands';
import { AnswerHeaders, type ResponseHeaders } from '../../http/answers';
import { field } from '../../http/fields/field';
import { PositionQuery, WholeNumberQuery } from '../../http/fields/query-fields';
import { isString, maxLength, wholeNumber } from '../../http/fields/rules';
import { ReadRoute } from '../../http/openapi/routes';
import { problem, ProblemError } from '../../problems';
import { CheckpointConflictError } from '../../integrity/integrity.errors';
import { IntegrityProjector } from '../../integrity/integrity-projector';
import type { StoredCheckpoint } from '../../integrity/sqlite-checkpoint-store';
import { consistencyProofJson, inclusionProofJson, type ConsistencyProofJson, type InclusionProofJson } from '../../integrity/proof-json';

const TEXT = 'text/plain; charset=utf-8';
/** Tree sizes and leaf indexes: whole numbers a JavaScript number holds exactly. */
const COUNT = { min: 0, max: Number.MAX_SAFE_INTEGER };
const HASH: ApiPropertyOptions = { type: [String], description: 'SHA-256 node hashes, lowercase hex, bottom up (RFC 9162)', example: ['5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592'] };

const SIGNED_NOTE_EXAMPLE =
  'critical-minerals-ledger\n42\nq2P7mRk0v3mJfM1yZ5tU8wXcB6nLh9gD4sE2aV0oKjI=\n\n— critical-minerals-ledger Az3nWkLzq1n0c3f0b9m2W0kYQ+8c2JpV…\n';

class WaitQuery {
  @PositionQuery('wait (bounded) until the Merkle log holds the event at this position')
  minPosition?: bigint;
}

export class InclusionQuery extends WaitQuery {
  @WholeNumberQuery('the leaf: 0-based order of the event in the global log; or give eventId', COUNT, { example: 0 })
  leafIndex?: number;

  @field({ description: 'the event, by id; or give leafIndex', example: '0b6f4a1e-3c1d-4f7a-9a55-2f0a8c1d9e21', optional: true }, isString(), maxLength(128))
  eventId?: string;

  @WholeNumberQuery('leaves of the tree the proof is for (default: the latest checkpoint)', COUNT, { example: 3 })
  treeSize?: number;
}

export class ConsistencyQuery extends WaitQuery {
  @WholeNumberQuery('tree size of the checkpoint you hold', COUNT, { example: 1, optional: false })
  from: number;

  @WholeNumberQuery('tree size of the later checkpoint (default: the latest)', COUNT, { example: 3 })
  to?: number;
}

/** The path of a checkpoint signed at one tree size; a bad size answers `invalid-query` as a bad query parameter does. */
export class CheckpointAtPath {
  @field({ description: 'the tree size the checkpoint was signed at', example: 3, code: 'invalid-query' }, wholeNumber(COUNT))
  treeSize: number;
}

export class InclusionProofAnswer implements InclusionProofJson {
  @ApiProperty({ type: 'integer', minimum: 0, example: 0 })
  leafIndex: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: 3 })
  treeSize: number;

  @ApiProperty(HASH)
  hashes: string[];
}

export class ConsistencyProofAnswer implements ConsistencyProofJson {
  @ApiProperty({ type: 'integer', minimum: 0, example: 1 })
  from: number;

  @ApiProperty({ type: 'integer', minimum: 0, example: 3 })
  to: number;

  @ApiProperty(HASH)
  hashes: string[];
}

const plainText = (description: string, example: string) => ({ content: { 'text/plain': { schema: { type: 'string', description }, example } } });

/** Signed notes and keys are answered as text/plain. */
function text(headers: ResponseHeaders, body: string): string {
  headers.set('Content-Type', TEXT);
  return body;
}

/**
 * The verifiable log, for auditors and regulators: signed checkpoints, inclusion and consistency
 * proofs (RFC 9162) and the key that signs the checkpoints.
 */
@ApiTags('ledger')
@Controller('v1')
export class ReadIntegrityRoute {
  constructor(
    @Inject(IntegrityProjector) private readonly integrity: IntegrityProjector,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @ReadRoute({
    path: 'ledger/checkpoint', problems: [400, 403],
    summary: 'the latest signed checkpoint (C2SP signed note); one is signed on demand when none covers the log (auditor, regulator)',
    answer: plainText('a C2SP signed note: origin, tree size, root hash, Ed25519 signature', SIGNED_NOTE_EXAMPLE),
  })
  async readCheckpoint(@CurrentActor() actor: Actor, @Query() query: WaitQuery, @AnswerHeaders() headers: ResponseHeaders): Promise<string> {
    assertAuditor(actor);
    await this.waitFor(query.minPosition);
    return text(headers, this.latestCheckpoint().note);
  }

  @ReadRoute({
    path: 'ledger/checkpoints/:treeSize', problems: [403],
    summary: 'the checkpoint signed at exactly this tree size (auditor, regulator)',
    answer: plainText('a C2SP signed note', SIGNED_NOTE_EXAMPLE),
  })
  readCheckpointAt(@CurrentActor() actor: Actor, @Param() { treeSize }: CheckpointAtPath, @AnswerHeaders() headers: ResponseHeaders): string {
    assertAuditor(actor);
    const checkpoint = this.integrity.checkpointAt(treeSize);
    if (checkpoint === null) {
      throw new ProblemError(problem('checkpoint-not-found', `no checkpoint was signed at tree size ${treeSize}; GET /v1/ledger/checkpoint gives the latest`));
    }
    return text(headers, checkpoint.note);
  }

  @ReadRoute({
    path: 'ledger/proofs/inclusion',
    summary: 'audit path of one event (by leafIndex or eventId) in the tree of treeSize leaves (auditor, regulator)',
    problems: [400, 403, 404, 422],
    answer: { type: InclusionProofAnswer },
  })
  async readInclusionProof(@CurrentActor() actor: Actor, @Query() query: InclusionQuery): Promise<InclusionProofJson> {
    assertAuditor(actor);
    const byEvent = query.eventId === undefined || query.eventId === '' ? null : query.eventId;
    if ((query.leafIndex === undefined) === (byEvent === null)) {
      throw new ProblemError(
        problem('invalid-query', 'give exactly one of leafIndex and eventId', {
          errors: [{ field: query.leafIndex === undefined ? 'leafIndex' : 'eventId', message: 'exactly one of leafIndex and eventId' }],
        }),
      );
    }
    await this.waitFor(query.minPosition);
    this.integrity.assertAgrees();
    const treeSize = query.treeSize ?? this.latestCheckpoint().treeSize;
    this.assertWithinLog('treeSize', treeSize);
    const leafIndex = byEvent === null ? (query.leafIndex as number) : this.leafOf(byEvent);
    if (leafIndex >= treeSize) {
      throw new ProblemError(
        problem('leaf-beyond-tree', `leaf ${leafIndex} is not in the tree of ${treeSize} leaves; ask with a larger treeSize`, {
          errors: [{ field: byEvent !== null ? 'eventId' : 'leafIndex', message: `leaf ${leafIndex} ≥ treeSize ${treeSize}` }],
        }),
      );
    }
    return inclusionProofJson(leafIndex, treeSize, this.integrity.log.inclusionProof(leafIndex, treeSize));
  }

  @ReadRoute({
    path: 'ledger/proofs/consistency',
    summary: 'proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (auditor, regulator)',
    problems: [400, 403, 422],
    answer: { type: ConsistencyProofAnswer },
  })
  async readConsistencyProof(@CurrentActor() actor: Actor, @Query() query: ConsistencyQuery): Promise<ConsistencyProofJson> {
    assertAuditor(actor);
    await this.waitFor(query.minPosition);
    this.integrity.assertAgrees();
    const { from } = query;
    const to = query.to ?? this.latestCheckpoint().treeSize;
    if (from > to) {
      throw new ProblemError(problem('invalid-query', `from (${from}) must not exceed to (${to})`, { errors: [{ field: 'from', message: `at most ${to}` }] }));
    }
    this.assertWithinLog('to', to);
    return consistencyProofJson(from, to, this.integrity.log.consistencyProof(from, to));
  }

  @ReadRoute({
    path: 'ledger/public-key', problems: [403],
    summary: 'the Ed25519 public key (SPKI PEM) that verifies the checkpoints (auditor, regulator)',
    answer: plainText('SPKI PEM', '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n'),
  })
  readPublicKey(@CurrentActor() actor: Actor, @AnswerHeaders() headers: ResponseHeaders): string {
    assertAuditor(actor);
    return text(headers, this.integrity.publicKeyPem());
  }

  private leafOf(eventId: string): number {
    const leaf = this.integrity.log.leafOfEvent(eventId);
    if (leaf === null) throw new ProblemError(problem('event-not-in-log', `event ${eventId} is not in the Merkle log; if it was just written, pass minPosition`));
    return leaf.leafIndex;
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
    if (treeSize > size) {
      throw new ProblemError(
        problem(
          'tree-size-beyond-log',
          `${name} ${treeSize} is beyond the Merkle log, which holds ${size} event(s); ask for a tree size of a checkpoint you hold ` +
            'or pass minPosition to wait for recent writes',
          { errors: [{ field: name, message: `at most ${size}` }] },
        ),
      );
    }
  }

  private async waitFor(minPosition: bigint | undefined): Promise<void> {
    if (minPosition === undefined) return;
    if (!(await this.integrity.waitFor(minPosition, this.config.readWaitMs))) {
      throw new ProblemError(problem('not-yet-logged', `the Merkle log has not reached position ${minPosition} within ${this.config.readWaitMs} ms; retry shortly`));
    }
  }
}

function assertAuditor(actor: Actor): void {
  if (!isAuditorOrRegulator(actor)) {
    throw new ProblemError(problem('not-an-auditor', 'only auditors and regulators read checkpoints, proofs and the signing key'));
  }
}
