import { CommandHandler } from '@nestjs/cqrs';
import type { RaiseFlag } from '../../domain/commands';
import { decideRaiseFlag } from '../../domain/decide-raise-flag';
import type { RiskSubjectContext } from '../../domain/risk-subject';
import { RiskCommandHandler } from '../risk-subject.loader';
import { WriteMessage } from '../write-message';

export class RaiseFlagMessage extends WriteMessage<RaiseFlag> {}

@CommandHandler(RaiseFlagMessage)
export class RaiseFlagHandler extends RiskCommandHandler<RaiseFlag> {
  protected decide(command: RaiseFlag, context: RiskSubjectContext) {
    return decideRaiseFlag(command, context);
  }
}
