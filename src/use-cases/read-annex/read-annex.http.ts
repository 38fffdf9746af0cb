import { Controller, Inject } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { mineralsInForceAt, type AnnexAmendment } from '../../domain/annex';
import { ReadRoute } from '../../http/openapi/routes';
import { CLOCK, type Clock } from '../../ledger/clock';
import { LedgerStateReader } from '../../ledger/ledger-state.reader';

class AnnexAmendmentAnswer implements AnnexAmendment {
  @ApiProperty({ example: 'amendment-1f0c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' })
  amendmentId: string;

  @ApiProperty({ type: [String], example: ['rare-earths'] })
  add: string[];

  @ApiProperty({ type: [String], example: [] })
  remove: string[];

  @ApiProperty({ format: 'date-time', example: '2027-01-01T00:00:00Z' })
  effectiveFrom: string;

  @ApiProperty({ example: 'Exchange of notes, 2026-11-01' })
  reference: string;
}

export class AnnexAnswer {
  @ApiProperty({ description: 'the critical minerals in force at `asOf`, sorted', type: [String], example: ['cobalt', 'graphite', 'lithium', 'manganese', 'nickel'] })
  inForce: string[];

  @ApiProperty({ description: "the server's time the answer is for", format: 'date-time', example: '2026-12-01T09:30:00.000Z' })
  asOf: string;

  @ApiProperty({ description: 'every amendment, the initial list included, in the order recorded', type: [AnnexAmendmentAnswer] })
  amendments: AnnexAmendmentAnswer[];

  @ApiProperty({ description: 'position of the last amendment; null before the first', type: String, nullable: true, example: '1' })
  position: string | null;
}

@ApiTags('annex')
@Controller('v1')
export class ReadAnnexRoute {
  constructor(
    private readonly reader: LedgerStateReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ReadRoute({ path: 'annex', summary: 'the critical minerals in force now, with every amendment (anyone with a key)', answer: { type: AnnexAnswer } })
  async readAnnex(): Promise<AnnexAnswer> {
    const { state, position } = await this.reader.annex();
    const now = this.clock.now();
    return { inForce: [...mineralsInForceAt(state, now)].sort(), asOf: now, amendments: state.amendments, position: position === null ? null : position.toString() };
  }
}
