import { streams } from '../../domain/events';
import { projectInMemory } from '../../../projections/provenance-projections';
import { workedExampleLog } from '../../../projections/testing/worked-example';
import { schemaErrors } from '../../../test/passport-schemas/passport-schemas';
import { ProvenanceQueries } from '../provenance-queries';
import type { BatteryPassFragment } from './batterypass-passport';
import type { CatenaXFragment } from './catenax-passport';
import { lotPassport } from './passport';
import type { UntpProductPassport } from './untp-passport';

/** The worked example with the AU mine certified and the CL brine flagged. */
function certifiedAndFlagged() {
  const log = workedExampleLog();
  log.record(streams.facility('au-mine'), {
    type: 'CertificationRecorded',
    data: { certificationId: 'IRMA-1', subject: { kind: 'facility', facilityId: 'au-mine' }, scheme: 'IRMA', issuer: 'IRMA', validFrom: '2025-01-01', validTo: '2027-12-31', documentSha256: 'ab'.repeat(32) },
  });
  log.record(streams.facility('cl-brine'), {
    type: 'FlagRaised',
    data: { flagId: 'FLAG-1', subject: { kind: 'facility', facilityId: 'cl-brine' }, category: 'environmental', severity: 'medium', description: 'Water use under review', automatic: false },
  });
  return new ProvenanceQueries(projectInMemory(log.events));
}

describe('passport fragments of the worked example (JP-LIOH-1)', () => {
  const queries = certifiedAndFlagged();

  it('batterypass: lithium 5.5 % recycled, all of it post-consumer (the black mass is post-consumer)', () => {
    const passport = lotPassport(queries, 'JP-LIOH-1', 'batterypass') as BatteryPassFragment & { position: string };
    // Hand check: 1,420.765 kg of 26,000 kg lithium came from US-BM-3 = 5.4645 %.
    expect(passport.circularity.recycledContent).toEqual([{ recycledMaterial: 'Lithium', preConsumerShare: 0, postConsumerShare: 5.4645 }]);
    expect(passport.circularity.recycledContent[0].postConsumerShare.toFixed(1)).toBe('5.5');
    expect(passport.dueDiligenceEvidence.certifications.map((c) => c.certificationId)).toEqual(['IRMA-1']);
    expect(passport.dueDiligenceEvidence.openFlags.map((f) => [f.flagId, f.subject])).toEqual([['FLAG-1', 'facility:cl-brine']]);
    expect(passport.position).toBe(queries.positionFor()!.toString());
    expect(schemaErrors('batterypassRecycledContent', passport.circularity.recycledContent)).toEqual([]);
    expect(schemaErrors('batterypassDueDiligence', passport.supplyChainDueDiligence)).toEqual([]);
  });

  it('untp: material provenance lists AU and CL (and the recycled US part) with the brief mass fractions', () => {
    const passport = lotPassport(queries, 'JP-LIOH-1', 'untp') as UntpProductPassport;
    expect(passport.materialsProvenance.map((m) => [m.name, m.originCountry, m.massFraction.toFixed(4), m.recycledMassFraction])).toEqual([
      ['lithium', 'AU', '0.5082', 0],
      ['lithium', 'CL', '0.4372', 0],
      ['lithium', 'US', '0.0546', 1],
    ]);
    expect(passport.product).toMatchObject({ batchNumber: 'JP-LIOH-1', countryOfProduction: 'JP', producedAtFacility: { name: 'Refinery' } });
    expect(passport.conformityClaim).toHaveLength(1);
    expect(schemaErrors('untpProductPassport', passport)).toEqual([]);
  });

  it('catenax: lithium 5.4645 % recycled in materials.active, lead said to be unrecorded', () => {
    const passport = lotPassport(queries, 'JP-LIOH-1', 'catenax') as CatenaXFragment;
    expect(passport.materials.active.lithium).toMatchObject({ recycled: 5.4645, critical: true });
    expect(passport.materials.active.nickel).toMatchObject({ recycled: 0, critical: false });
    expect(passport.materials.active.lead.concentration).toBe(0);
    expect(schemaErrors('catenaxActiveMaterials', passport.materials.active)).toEqual([]);
  });

  it('the schemas refuse what breaks them (the check can fail)', () => {
    expect(schemaErrors('batterypassRecycledContent', [{ recycledMaterial: 'Manganese', preConsumerShare: 0, postConsumerShare: 120 }])).toHaveLength(2);
    expect(schemaErrors('untpProductPassport', { type: ['ProductPassport'], materialsProvenance: [{ type: ['Material'] }] })).not.toEqual([]);
    expect(schemaErrors('catenaxActiveMaterials', { lithium: { recycled: 5 } })).not.toEqual([]);
  });

  it('answers as of an earlier position, before the refinery made the lot: not found', () => {
    expect(() => lotPassport(queries, 'JP-LIOH-1', 'untp', { asOf: 7n })).toThrow('JP-LIOH-1');
    expect(lotPassport(queries, 'AU-SPOD-1', 'untp', { asOf: 7n }).position).toBe('7');
  });
});
