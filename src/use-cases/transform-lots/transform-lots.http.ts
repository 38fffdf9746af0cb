import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/current-actor.decorator';
import type { Actor, TransformLots } from '../../domain/commands';
import { LOT_FORMS } from '../../domain/events';
import { parseComposition, parseKg } from '../../domain/mass';
import { CompositionField, EnumField, IdField, MassKgField, NestedListField, TextField, TimeField } from '../../http/fields/body-fields';
import { WriteRoute } from '../../http/openapi/routes';
import { WriteRequestParam, type WriteRequest } from '../../http/write-request.decorator';
import { CommandRoutes } from '../command-routes';

class TransformationInputBody {
  @IdField({ description: 'input lot, at the facility and held by the caller', example: 'AU-SPOD-1' })
  lotId: string;

  @MassKgField({ description: 'gross mass consumed from the input', example: '500000' })
  massKg: unknown;
}

class TransformationOutputBody {
  @IdField({ description: 'new output lot', example: 'JP-LIOH-1' })
  lotId: string;

  @EnumField(LOT_FORMS, 'LotForm', { description: 'physical form of the output', example: 'hydroxide' })
  form: (typeof LOT_FORMS)[number];

  @MassKgField({ description: 'gross mass of the output', example: '150000' })
  grossMassKg: unknown;

  @CompositionField({ example: { lithium: '13000' } })
  composition: Record<string, unknown>;
}

export class TransformLotsBody {
  @IdField({ description: 'transformation id', example: 'TRF-2026-0001' })
  transformationId: string;

  @IdField({ description: 'facility where the processing happened, operated by the caller', example: 'jp-kashima-refinery' })
  facilityId: string;

  @TextField({ description: 'process: refining, smelting, conversion, precursor, cathode, recycling, blending, splitting …', example: 'refining' })
  process: string;

  @TimeField({ description: 'when the processing happened', example: '2026-04-01T00:00:00Z' })
  occurredAt: string;

  @NestedListField(() => TransformationInputBody, { description: 'lots consumed', min: 1, max: 200 })
  inputs: TransformationInputBody[];

  @NestedListField(() => TransformationOutputBody, { description: 'lots produced', min: 1, max: 200 })
  outputs: TransformationOutputBody[];
}

export function toTransformLots(body: TransformLotsBody, actor: Actor): TransformLots {
  return {
    type: 'TransformLots',
    actor,
    transformationId: body.transformationId,
    facilityId: body.facilityId,
    process: body.process,
    occurredAt: body.occurredAt,
    inputs: body.inputs.map((input, i) => ({ lotId: input.lotId, massG: parseKg(input.massKg, `inputs.${i}.massKg`) })),
    outputs: body.outputs.map((output, i) => ({
      lotId: output.lotId,
      form: output.form,
      grossMassG: parseKg(output.grossMassKg, `outputs.${i}.grossMassKg`),
      composition: parseComposition(output.composition, `outputs.${i}.composition`),
    })),
  };
}

@ApiTags('lots')
@Controller('v1')
export class TransformLotsRoute extends CommandRoutes {
  @WriteRoute('TransformLots', { path: 'transformations', summary: 'consume input lots and create output lots at a facility, atomically (processor, recycler)' })
  transformLots(@Body() body: TransformLotsBody, @CurrentActor() actor: Actor, @WriteRequestParam() write: WriteRequest) {
    return this.run(toTransformLots(body, actor), write);
  }
}
