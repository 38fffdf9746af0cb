import { ApiProperty } from '@nestjs/swagger';
import type { EventEnvelopeJson } from '../../event-store/event-envelope';
import { LEDGER_EVENT_TYPES } from '../../domain/events';

/** One stored event with its envelope: as the lot history, the global log and the export give it. */
export class EventEnvelopeAnswer implements EventEnvelopeJson {
  @ApiProperty({ format: 'uuid', example: '0b6f4a1e-3c1d-4f7a-9a55-2f0a8c1d9e21' })
  eventId: string;

  @ApiProperty({ description: 'the event type', enum: LEDGER_EVENT_TYPES, enumName: 'LedgerEventType', example: 'LotShipped' })
  type: (typeof LEDGER_EVENT_TYPES)[number];

  @ApiProperty({ description: 'lot-<lotId>, party-<partyId>, facility-<facilityId> or annex', example: 'lot-AU-SPOD-1' })
  streamId: string;

  @ApiProperty({ description: '0-based number of the event in its stream', type: 'integer', minimum: 0, example: 1 })
  streamRevision: number;

  @ApiProperty({ description: 'global position, a decimal string', pattern: '^\\d+$', example: '42' })
  position: string;

  @ApiProperty({ description: "the ledger's clock when stored", format: 'date-time', example: '2026-03-05T10:00:01.234Z' })
  recordedAt: string;

  @ApiProperty({ description: 'business time given by the poster', format: 'date-time', example: '2026-03-05T10:00:00Z' })
  occurredAt: string;

  @ApiProperty({ description: 'the party on whose key it was posted', example: 'au-pilbara-lithium' })
  actorPartyId: string;

  @ApiProperty({ description: 'the Idempotency-Key it was posted with, scoped by party', type: String, nullable: true, example: 'au-pilbara-lithium:5f0c8a52-1d7e-4b8e-9f3a-6c2d4e8b1a07' })
  idempotencyKey: string | null;

  @ApiProperty({ type: 'integer', example: 1 })
  schemaVersion: number;

  @ApiProperty({ description: 'SHA-256 of the canonical (RFC 8785) payload, lowercase hex', pattern: '^[0-9a-f]{64}$', example: '5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592' })
  payloadSha256: string;

  @ApiProperty({
    description: 'the payload; its fields depend on `type` (masses in integer grams, as stored)',
    type: 'object',
    additionalProperties: true,
    example: { lotId: 'AU-SPOD-1', shipmentId: 'SHP-2026-0001', fromPartyId: 'au-pilbara-lithium', toPartyId: 'jp-lithium-refining', destinationCountry: 'JP', grossMassG: 1000000000 },
  })
  data: Record<string, unknown>;
}
