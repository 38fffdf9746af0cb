import type { RaiseFlag, RecordCertification, ResolveFlag } from './commands';
import {
  CertificationAlreadyExists,
  FacilityNotFound,
  FlagAlreadyExists,
  FlagAlreadyResolved,
  InvalidCertificationPeriod,
  LotNotFound,
  MissingRole,
  UnknownFlag,
} from './errors';
import type { FlagRaised } from './events';
import { given } from './testing/decider-spec';
import { actors, auSpodumene, facilities, hop, kg, parties } from './testing/fixtures';
import { facilityOf, lotOf } from './testing/world';

const raise = (overrides: Partial<RaiseFlag> = {}): RaiseFlag => ({
  type: 'RaiseFlag',
  actor: actors.auditor,
  subject: { kind: 'lot', lotId: 'AU-SPOD-1' },
  flagId: 'F-1',
  category: 'child-labor',
  severity: 'high',
  description: 'Allegation under review',
  occurredAt: '2026-04-01T00:00:00Z',
  ...overrides,
});

const resolve = (overrides: Partial<ResolveFlag> = {}): ResolveFlag => ({
  type: 'ResolveFlag',
  actor: actors.regulator,
  subject: { kind: 'lot', lotId: 'AU-SPOD-1' },
  flagId: 'F-1',
  outcome: 'cleared',
  note: 'Site visit found no evidence',
  occurredAt: '2026-04-02T00:00:00Z',
  ...overrides,
});

const certify = (overrides: Partial<RecordCertification> = {}): RecordCertification => ({
  type: 'RecordCertification',
  actor: actors.auditor,
  subject: { kind: 'facility', facilityId: 'au-mine' },
  certificationId: 'IRMA-75',
  scheme: 'IRMA',
  issuer: 'IRMA Secretariat',
  validFrom: '2025-01-01T00:00:00Z',
  validTo: '2028-01-01T00:00:00Z',
  documentSha256: 'a'.repeat(64),
  occurredAt: '2026-04-01T00:00:00Z',
  ...overrides,
});

const flagRaised: FlagRaised = {
  type: 'FlagRaised',
  data: {
    flagId: 'F-1',
    subject: { kind: 'lot', lotId: 'AU-SPOD-1' },
    category: 'child-labor',
    severity: 'high',
    description: 'Allegation under review',
    automatic: false,
  },
};

// The lot has moved on to the refiner: the auditor holds no custody of it, and need not.
const world = [
  ...parties,
  ...facilities,
  auSpodumene,
  ...hop('AU-SPOD-1', kg(1_000_000), { lithium: kg(27_900) }, actors.auMiner, actors.jpRefiner, 'jp-refinery', 'JP'),
];

describe('rule 8: flags and certifications by auditors and regulators on any lot or facility', () => {
  it('an auditor raises a flag on a lot whatever its custodian', () => {
    const after = given(...world).when(raise()).then([flagRaised]);
    expect(lotOf(after, 'AU-SPOD-1').openFlags).toEqual([{ flagId: 'F-1', category: 'child-labor', severity: 'high', automatic: false }]);
  });

  it('a regulator raises a flag on a facility', () => {
    const after = given(...world)
      .when(raise({ actor: actors.regulator, subject: { kind: 'facility', facilityId: 'cl-salar' }, category: 'environmental' }))
      .thenEvents(([event]) => expect(event).toMatchObject({ type: 'FlagRaised', data: { subject: { kind: 'facility', facilityId: 'cl-salar' } } }));
    expect(facilityOf(after, 'cl-salar').openFlags).toHaveLength(1);
  });

  it('operators, even the custodian, cannot raise or resolve flags or record certifications', () => {
    given(...world).when(raise({ actor: actors.jpRefiner })).thenThrows(MissingRole, (e) => expect(e.kind).toBe('forbidden'));
    given(...world, flagRaised).when(resolve({ actor: actors.jpRefiner })).thenThrows(MissingRole);
    given(...world).when(certify({ actor: actors.auMiner })).thenThrows(MissingRole);
  });

  it('the subject must exist', () => {
    given(...world).when(raise({ subject: { kind: 'lot', lotId: 'NOPE' } })).thenThrows(LotNotFound);
    given(...world).when(certify({ subject: { kind: 'facility', facilityId: 'nope' } })).thenThrows(FacilityNotFound);
  });

  it('a flag id is used once per subject', () => {
    given(...world, flagRaised).when(raise()).thenThrows(FlagAlreadyExists);
    given(...world, flagRaised, { type: 'FlagResolved', data: { flagId: 'F-1', subject: flagRaised.data.subject, outcome: 'cleared', note: '' } })
      .when(raise())
      .thenThrows(FlagAlreadyExists);
  });

  it('resolving needs an open flag', () => {
    const after = given(...world, flagRaised)
      .when(resolve())
      .then([
        {
          type: 'FlagResolved',
          data: { flagId: 'F-1', subject: { kind: 'lot', lotId: 'AU-SPOD-1' }, outcome: 'cleared', note: 'Site visit found no evidence' },
        },
      ]);
    expect(lotOf(after, 'AU-SPOD-1').openFlags).toEqual([]);
    given(...world).when(resolve()).thenThrows(UnknownFlag, (e) => expect(e.kind).toBe('not-found'));
    given(...world, flagRaised, { type: 'FlagResolved', data: { flagId: 'F-1', subject: flagRaised.data.subject, outcome: 'confirmed', note: 'x' } })
      .when(resolve())
      .thenThrows(FlagAlreadyResolved);
  });

  it('an auditor records a certification on a facility; its id is used once per subject', () => {
    const after = given(...world)
      .when(certify())
      .then([
        {
          type: 'CertificationRecorded',
          data: {
            certificationId: 'IRMA-75',
            subject: { kind: 'facility', facilityId: 'au-mine' },
            scheme: 'IRMA',
            issuer: 'IRMA Secretariat',
            validFrom: '2025-01-01T00:00:00Z',
            validTo: '2028-01-01T00:00:00Z',
            documentSha256: 'a'.repeat(64),
          },
        },
      ]);
    expect(facilityOf(after, 'au-mine').certifications.map((c) => c.certificationId)).toEqual(['IRMA-75']);
    const { type: _command, actor: _actor, occurredAt: _at, ...recorded } = certify();
    given(...world, { type: 'CertificationRecorded', data: recorded })
      .when(certify())
      .thenThrows(CertificationAlreadyExists);
  });

  it('a certification is valid for a period that ends after it starts', () => {
    given(...world).when(certify({ validTo: '2025-01-01T00:00:00Z' })).thenThrows(InvalidCertificationPeriod);
  });
});
