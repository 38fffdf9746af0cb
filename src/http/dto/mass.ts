import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsObject } from 'class-validator';

/**
 * Masses are checked by the domain's parser, not here: a mass that is present but in the wrong
 * unit or out of range is a rule violation (422), not a malformed request.
 */
export function IsMassKg(description: string, example = '1000.000') {
  return applyDecorators(
    ApiProperty({ description: `${description} (decimal string of kilograms, at most 3 decimals)`, example, type: String }),
    IsDefined(),
  );
}

export function IsCompositionKg() {
  return applyDecorators(
    ApiProperty({
      description: 'contained mass of each critical mineral, decimal-string kilograms, keyed by mineral name as on the Annex',
      example: { lithium: '27900' },
      type: 'object',
      additionalProperties: { type: 'string' },
    }),
    IsObject(),
  );
}
