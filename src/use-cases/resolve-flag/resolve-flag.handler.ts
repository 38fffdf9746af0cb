import { CommandHandler } from '@nestjs/cqrs';
import type { ResolveFlag } from '../../domain/commands';
import { decideResolveFlag } from '../../domain/decide-resolve-flag';
import type { RiskSubjectContext } from '../../domain/risk-subject';
import { RiskCommandHandler } from '../risk-subject.loader';
import { WriteMessage } from '../write-message';

export class ResolveFlagMessage extends WriteMessage<ResolveFlag> {}

@CommandHandler(ResolveFlagMessage)
export class ResolveFlagHandler extends RiskCommandHandler<ResolveFlag> {
  protected decide(command: ResolveFlag, context: RiskSubjectContext) {
    return decideResolveFlag(command, context);
  }
}
