import type { TransformLots } from './commands';
import {
  ConsumesMoreThanRemaining,
  ContainedExceedsGross,
  InputNotAtFacility,
  InvalidCommand,
  LotAlreadyExists,
  LotNotAvailable,
  MassBalanceViolated,
  MineralNotOnAnnex,
  MissingRole,
  NotCustodian,
  NotFacilityOperator,
  UnknownLot,
} from './errors';
import type { LotTransformed } from './events';
import { given } from './testing/decider-spec';
import { actors, auSpodumene, hop, kg, workedExampleAtRefinery } from './testing/fixtures';
import { lotOf } from './testing/world';

const refine = (overrides: Partial<TransformLots> = {}): TransformLots => ({
  type: 'TransformLots',
  actor: actors.jpRefiner,
  transformationId: 'T-JP-1',
  facilityId: 'jp-refinery',
  process: 'refining',
  occurredAt: '2026-03-01T00:00:00Z',
  inputs: [
    { lotId: 'AU-SPOD-1', massG: kg(500_000) },
    { lotId: 'CL-BRINE-7', massG: kg(200_000) },
    { lotId: 'US-BM-3', massG: kg(50_000) },
  ],
  outputs: [{ lotId: 'JP-LIOH-1', form: 'hydroxide', grossMassG: kg(150_000), composition: { lithium: kg(26_000) } }],
  ...overrides,
});

const jpLiOH = (composition: Record<string, number>) => [
  { lotId: 'JP-LIOH-1', form: 'hydroxide' as const, grossMassG: kg(150_000), composition },
];

describe('rule 6: a transformation consumes within the inputs and outputs stay within what they gave up', () => {
  it('worked example: 500,000 kg of AU-SPOD-1 gives up exactly 13,950 kg lithium, and JP-LIOH-1 with 26,000 kg Li is accepted', () => {
    const expected: LotTransformed = {
      type: 'LotTransformed',
      data: {
        transformationId: 'T-JP-1',
        facilityId: 'jp-refinery',
        country: 'JP',
        process: 'refining',
        custodianId: 'jp-refiner',
        inputs: [
          { lotId: 'AU-SPOD-1', consumedMassG: kg(500_000), givenUp: { lithium: kg(13_950) } },
          { lotId: 'CL-BRINE-7', consumedMassG: kg(200_000), givenUp: { lithium: kg(12_000) } },
          {
            lotId: 'US-BM-3',
            consumedMassG: kg(50_000),
            givenUp: { lithium: kg(1_500), nickel: kg(10_000), cobalt: kg(3_000), manganese: kg(3_000) },
          },
        ],
        outputs: [{ lotId: 'JP-LIOH-1', form: 'hydroxide', grossMassG: kg(150_000), composition: { lithium: kg(26_000) } }],
      },
    };
    const after = given(...workedExampleAtRefinery).when(refine()).then([expected]);

    const spodumene = lotOf(after, 'AU-SPOD-1');
    expect(spodumene).toMatchObject({ status: 'active', grossMassG: kg(500_000), composition: { lithium: kg(13_950) } });
    expect(lotOf(after, 'CL-BRINE-7')).toMatchObject({ status: 'consumed', grossMassG: 0, composition: {} });
    expect(lotOf(after, 'JP-LIOH-1')).toMatchObject({
      exists: true,
      status: 'active',
      custodianId: 'jp-refiner',
      locationFacilityId: 'jp-refinery',
      grossMassG: kg(150_000),
      composition: { lithium: kg(26_000) },
      origin: { type: 'transformation', transformationId: 'T-JP-1', facilityId: 'jp-refinery', country: 'JP' },
    });
  });

  it('worked example: an output claiming 28,000 kg lithium (more than the 27,450 kg given up) is rejected', () => {
    given(...workedExampleAtRefinery)
      .when(refine({ outputs: jpLiOH({ lithium: kg(28_000) }) }))
      .thenThrows(MassBalanceViolated, (e) => {
        expect(e).toMatchObject({ mineral: 'lithium', claimedG: kg(28_000), givenUpG: kg(27_450), kind: 'rule-violation' });
      });
  });

  it('worked example: cobalt from the first two inputs alone is rejected (no input contained it)', () => {
    given(...workedExampleAtRefinery)
      .when(
        refine({
          inputs: [
            { lotId: 'AU-SPOD-1', massG: kg(500_000) },
            { lotId: 'CL-BRINE-7', massG: kg(200_000) },
          ],
          outputs: jpLiOH({ lithium: kg(20_000), cobalt: kg(1) }),
        }),
      )
      .thenThrows(MassBalanceViolated, (e) => expect(e).toMatchObject({ mineral: 'cobalt', givenUpG: 0 }));
  });

  it('the outputs together, not each, must stay within what was given up', () => {
    given(...workedExampleAtRefinery)
      .when(
        refine({
          outputs: [
            { lotId: 'JP-LIOH-1', form: 'hydroxide', grossMassG: kg(100_000), composition: { lithium: kg(14_000) } },
            { lotId: 'JP-LIOH-2', form: 'hydroxide', grossMassG: kg(100_000), composition: { lithium: kg(14_000) } },
          ],
        }),
      )
      .thenThrows(MassBalanceViolated);
  });

  it('gives up floor(contained × consumed / remaining) grams, never creating mineral mass by rounding', () => {
    const odd = { ...auSpodumene, data: { ...auSpodumene.data, lotId: 'ODD-1', grossMassG: 3, composition: { lithium: 2 } } };
    given(...workedExampleAtRefinery, odd, ...hop('ODD-1', 3, { lithium: 2 }, actors.auMiner, actors.jpRefiner, 'jp-refinery', 'JP'))
      .when(
        refine({
          inputs: [{ lotId: 'ODD-1', massG: 1 }],
          outputs: [{ lotId: 'SLAG-1', form: 'other', grossMassG: 1, composition: {} }],
        }),
      )
      .thenEvents(([event]) => {
        expect((event as LotTransformed).data.inputs[0].givenUp).toEqual({});
      });
  });

  it('consumes at most the remaining gross mass of each input', () => {
    given(...workedExampleAtRefinery)
      .when(refine({ inputs: [{ lotId: 'AU-SPOD-1', massG: kg(1_000_000) + 1 }] }))
      .thenThrows(ConsumesMoreThanRemaining, (e) => expect(e.field).toBe('inputs.0.massKg'));
  });

  it('a consumed lot cannot be consumed again', () => {
    given(...workedExampleAtRefinery, {
      type: 'LotTransformed',
      data: {
        transformationId: 'T-0',
        facilityId: 'jp-refinery',
        country: 'JP',
        process: 'refining',
        custodianId: 'jp-refiner',
        inputs: [{ lotId: 'CL-BRINE-7', consumedMassG: kg(200_000), givenUp: { lithium: kg(12_000) } }],
        outputs: [{ lotId: 'JP-LI2CO3-0', form: 'carbonate', grossMassG: kg(60_000), composition: { lithium: kg(11_000) } }],
      },
    })
      .when(refine())
      .thenThrows(LotNotAvailable, (e) => expect(e.status).toBe('consumed'));
  });

  it('only a processor or recycler transforms', () => {
    given(...workedExampleAtRefinery)
      .when(refine({ actor: { partyId: 'jp-refiner', roles: ['trader'] } }))
      .thenThrows(MissingRole);
  });

  it('only the operator of the facility transforms there', () => {
    given(...workedExampleAtRefinery)
      .when(refine({ actor: actors.usRecycler }))
      .thenThrows(NotFacilityOperator);
  });

  it('only the custodian of every input transforms it', () => {
    const stillAtTheMine = { ...auSpodumene, data: { ...auSpodumene.data, lotId: 'AU-SPOD-2' } };
    given(...workedExampleAtRefinery, stillAtTheMine)
      .when(refine({ inputs: [{ lotId: 'AU-SPOD-2', massG: kg(1) }] }))
      .thenThrows(NotCustodian, (e) => expect(e.field).toBe('inputs.0.lotId'));
  });

  it('inputs must be at the facility where the transformation happens', () => {
    const second = { ...auSpodumene, data: { ...auSpodumene.data, lotId: 'AU-SPOD-2' } };
    given(
      ...workedExampleAtRefinery,
      second,
      ...hop('AU-SPOD-2', kg(1_000_000), { lithium: kg(27_900) }, actors.auMiner, actors.jpRefiner, 'jp-warehouse', 'JP'),
    )
      .when(refine({ inputs: [{ lotId: 'AU-SPOD-2', massG: kg(1) }] }))
      .thenThrows(InputNotAtFacility);
  });

  it('inputs must exist and be distinct', () => {
    given(...workedExampleAtRefinery)
      .when(refine({ inputs: [{ lotId: 'NOPE', massG: 1 }] }))
      .thenThrows(UnknownLot, (e) => expect(e.kind).toBe('rule-violation'));
    given(...workedExampleAtRefinery)
      .when(refine({ inputs: [{ lotId: 'AU-SPOD-1', massG: 1 }, { lotId: 'AU-SPOD-1', massG: 1 }] }))
      .thenThrows(InvalidCommand, (e) => expect(e.field).toBe('inputs.1'));
  });

  it('output lot ids are new, distinct and not inputs', () => {
    given(...workedExampleAtRefinery)
      .when(refine({ outputs: [{ lotId: 'US-BM-3', form: 'other', grossMassG: 1, composition: {} }] }))
      .thenThrows(InvalidCommand);
    given(...workedExampleAtRefinery, { ...auSpodumene, data: { ...auSpodumene.data, lotId: 'JP-LIOH-1' } })
      .when(refine())
      .thenThrows(LotAlreadyExists, (e) => expect(e.field).toBe('outputs.0.lotId'));
    const twice = { lotId: 'X', form: 'other' as const, grossMassG: 1, composition: {} };
    given(...workedExampleAtRefinery).when(refine({ outputs: [twice, twice] })).thenThrows(InvalidCommand);
  });

  it('outputs follow rules 1 and 2: Annex minerals only, contained within gross', () => {
    given(...workedExampleAtRefinery)
      .when(refine({ outputs: jpLiOH({ lithium: kg(1), copper: kg(1) }) }))
      .thenThrows(MineralNotOnAnnex, (e) => expect(e.field).toBe('outputs.0.composition.copper'));
    given(...workedExampleAtRefinery)
      .when(refine({ outputs: [{ lotId: 'JP-LIOH-1', form: 'hydroxide', grossMassG: kg(10_000), composition: { lithium: kg(10_001) } }] }))
      .thenThrows(ContainedExceedsGross);
  });
});
