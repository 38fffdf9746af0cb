import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/**
 * Ids of lots, parties, facilities, shipments, transformations, flags and certifications: letters,
 * digits and `. _ : -`, starting with a letter or digit, up to 128 characters. Ids end up in stream
 * names, URLs and file exports, so nothing else is let in.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function IsLedgerId(description: string, example?: string) {
  return applyDecorators(
    ApiProperty({ description, example, pattern: ID_PATTERN.source }),
    IsString(),
    MaxLength(128),
    Matches(ID_PATTERN, { message: '$property must be 1-128 letters, digits or . _ : - starting with a letter or digit' }),
  );
}
