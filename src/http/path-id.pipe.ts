import { Injectable, Param, PipeTransform } from '@nestjs/common';
import { ID_PATTERN } from '../domain/command-fields';
import { problem, ProblemError } from '../problems';

/** Ids in paths follow the same pattern as ids in bodies. */
@Injectable()
export class PathIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_PATTERN.test(value)) {
      throw new ProblemError(
        problem('invalid-path-id', `"${value.slice(0, 64)}" is not a valid id: 1-128 letters, digits or . _ : - starting with a letter or digit`),
      );
    }
    return value;
  }
}

/** A ledger id from the path (`:lotId`, `:facilityId`, `:flagId`), checked as ids in bodies are. */
export const PathId = (name: string): ParameterDecorator => Param(name, PathIdPipe);
