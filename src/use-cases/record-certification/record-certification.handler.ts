import { CommandHandler } from '@nestjs/cqrs';
import type { RecordCertification } from '../../domain/commands';
import { decideRecordCertification } from '../../domain/decide-record-certification';
import type { RiskSubjectContext } from '../../domain/risk-subject';
import { RiskCommandHandler } from '../risk-subject.loader';
import { WriteMessage } from '../write-message';

export class RecordCertificationMessage extends WriteMessage<RecordCertification> {}

@CommandHandler(RecordCertificationMessage)
export class RecordCertificationHandler extends RiskCommandHandler<RecordCertification> {
  protected decide(command: RecordCertification, context: RiskSubjectContext) {
    return decideRecordCertification(command, context);
  }
}
