import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { problemCodeEnum, problemType, type ProblemCode } from '../../problems';
import type { CaptureJob } from '../capture/capture-job-store';
import type { EventProblem } from '../capture/epcis-capture';
import type { ErrorBehaviour } from '../../ledger/unit-of-work';

/** One refused event of a capture job: problem+json (RFC 9457) with the event's place in the document. */
export class EventProblemAnswer implements EventProblem {
  @ApiProperty({ description: "the code's stable URI", example: problemType('epcis-fraction-of-gram') })
  type: string;

  @ApiProperty({ example: 'Quantity is not a whole number of grams' })
  title: string;

  @ApiProperty({ type: 'integer', description: 'the status the event alone would have been answered with', example: 422 })
  status: number;

  @ApiProperty({ example: '799640.0005 KGM is not a whole number of grams.' })
  detail: string;

  @ApiProperty({ enum: problemCodeEnum(), description: 'stable, never renamed (docs/problems.md)', example: 'epcis-fraction-of-gram' })
  code: ProblemCode;

  @ApiProperty({ description: 'what to do about it', example: 'Give masses to the gram at most: 3 decimals in KGM, 6 in TNE, none in GRM.' })
  help: string;

  @ApiProperty({ type: 'integer', minimum: -1, description: 'the 0-based position of the event in epcisBody.eventList; -1 when the job itself failed', example: 0 })
  eventIndex: number;

  @ApiProperty({ description: "the event's eventID (as given, or its CBV 2.0 event hash); empty when the job itself failed", example: 'urn:uuid:5b0e7c1a-2f4d-4e8b-9a63-0c1d2e3f4a51' })
  eventID: string;

  @ApiProperty({
    type: 'array',
    items: { $ref: '#/components/schemas/FieldProblem' },
    description: 'the offending fields, as JSON pointers into the document',
    example: [{ field: '/epcisBody/eventList/0/quantityList/0/quantity', message: '799640.0005 KGM is not a whole number of grams.' }],
  })
  errors: { field: string; message: string }[];
}

/**
 * The capture job of the EPCIS REST binding: under rollback `success` means every event was stored
 * (or had been before), under proceed that no event was refused; `errors` lists every refused event.
 */
export class CaptureJobAnswer implements CaptureJob {
  @ApiProperty({ format: 'uuid', example: '7b0f4a38-3a0e-4c1e-9d43-4d9f0f1a2b3c' })
  captureID: string;

  @ApiProperty({ format: 'date-time', example: '2026-04-15T09:00:00.000Z' })
  createdAt: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'absent while running', example: '2026-04-15T09:00:00.041Z' })
  finishedAt?: string;

  @ApiProperty({ description: 'true until the capture has finished (a job accepted before a restart finishes after it)', example: false })
  running: boolean;

  @ApiProperty({ description: 'rollback: every event stored; proceed: no event refused', example: true })
  success: boolean;

  @ApiProperty({ enum: ['rollback', 'proceed'], enumName: 'CaptureErrorBehaviour', description: 'as the GS1-Capture-Error-Behaviour header asked', example: 'rollback' })
  captureErrorBehaviour: ErrorBehaviour;

  @ApiProperty({ type: [EventProblemAnswer], description: 'every refused event; empty on success' })
  errors: EventProblemAnswer[];
}

/** What `POST /epcis/events` answers: the event's id, and the log position its ledger events reached. */
export class CapturedEventAnswer {
  @ApiProperty({ description: 'the eventID as given, or its CBV 2.0 event hash (ni:///sha-256;…?ver=CBV2.0) when none was', example: 'urn:uuid:5b0e7c1a-2f4d-4e8b-9a63-0c1d2e3f4a53' })
  eventID: string;

  @ApiProperty({
    type: String,
    nullable: true,
    pattern: '^\\d+$',
    description: 'global position of the last ledger event stored, a decimal string (pass it as minPosition to read your write); null when the event had been captured before',
    example: '57',
  })
  position: string | null;
}
