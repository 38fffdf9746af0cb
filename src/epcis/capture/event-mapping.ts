import { createHash } from 'node:crypto';
import type { Actor, LedgerCommand, RecordLotOrigin, TransformLots } from '../../domain/commands';
import type { Composition, RetirementReason } from '../../domain/events';
import type { FacilityState } from '../../domain/facility';
import type { GlnIndexState } from '../../domain/gln-index';
import type { LotState } from '../../domain/lot';
import { read } from '../../domain/slice';
import { streamRef, streams, type StreamEntry } from '../../domain/stream-ref';
import type { PartView, WorkPart } from '../../ledger/unit-of-work';
import { parseFacilityId, parseLotClass, parsePartyId, parseShipmentUri } from '../identifiers';
import { AmbiguousGln, InvalidEpcisField, PartialShipment, UnmappedEpcisEvent, UnsupportedEpcisEvent } from './epcis-errors';
import { eventHashId } from './event-hash';
import { gramsOf } from './mass-quantity';

/**
 * One EPCIS event as a part of a capture's unit of work: the idempotency key it is kept under,
 * the ledger commands it stands for (see docs/epcis.md, "Event mapping"), and where each /v1
 * field of those commands is in the event, so a refusal names the EPCIS field.
 */
export interface CapturePart extends WorkPart {
  /** The EPCIS eventID as given, or the event hash when the poster gave none. */
  eventID: string;
  /** JSON pointer of the EPCIS field a command field came from (`origin.facilityId` → `…/bizLocation/id`). */
  pointerOf(commandField: string | undefined): string;
}

type Json = Record<string, unknown>;

const CML = 'urn:cml:';

/**
 * Maps the event at `at` (a JSON pointer, e.g. `/epcisBody/eventList/3`). `exact` is the same event
 * from the lossless parse, when the document needed one: masses are read from it.
 */
export function capturePart(event: Json, exact: Json | undefined, at: string, actor: Actor): CapturePart {
  const eventID = typeof event.eventID === 'string' ? event.eventID : eventHashId(event);
  const correcting = isObject(event.errorDeclaration);
  const key = `${actor.partyId}:epcis:${eventID}${correcting ? ':error-declaration' : ''}`;
  const { recordTime: _recordTime, ...content } = event;
  // The event as sent (recordTime aside), not its canonical form: canonicalising every event of a
  // bulk document costs a fifth of the capture, and a system resending a document sends the same JSON.
  const requestHash = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  const mapping = new EventMapping(event, exact ?? event, at, actor, key);
  return {
    key,
    requestHash,
    eventID,
    commands: (view) => (correcting ? mapping.corrections(view) : mapping.commands(view)),
    pointerOf: (field) => mapping.pointerOf(field),
  };
}

class EventMapping {
  /** /v1 command field → EPCIS path relative to the event, filled as the event is read. */
  private readonly pointers = new Map<string, string>();
  private readonly type: string;

  constructor(
    private readonly event: Json,
    private readonly exact: Json,
    private readonly at: string,
    private readonly actor: Actor,
    private readonly key: string,
  ) {
    this.type = String(event.type);
    this.point('occurredAt', 'eventTime');
  }

  pointerOf(field: string | undefined): string {
    if (field === undefined) return this.at;
    // `inputs.2.massKg`, `composition.lithium`: the longest known prefix wins.
    for (let path = field; path !== ''; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
      const relative = this.pointers.get(path);
      if (relative) return this.path(relative);
    }
    return this.at;
  }

  async commands(view: PartView): Promise<LedgerCommand[]> {
    if (this.type === 'TransformationEvent') return [await this.transformation(view)];
    if (this.type !== 'ObjectEvent') throw new UnsupportedEpcisEvent(this.type, this.path('type'));
    const action = this.event.action;
    const bizStep = cbvWord(this.event.bizStep);
    if (Array.isArray(this.event.epcList) && this.event.epcList.length > 0) {
      throw new UnmappedEpcisEvent('The ledger records lots by class and mass (quantityList), not instance-level EPCs (epcList).', this.path('epcList'));
    }
    if (action === 'ADD' && bizStep === 'commissioning') return [await this.origin(view)];
    if (action === 'OBSERVE' && bizStep === 'shipping') return [await this.shipment(view)];
    if (action === 'OBSERVE' && bizStep === 'receiving') return [await this.receipt(view)];
    if (action === 'DELETE' && bizStep !== undefined && RETIREMENTS[bizStep]) return [this.retirement(RETIREMENTS[bizStep])];
    throw new UnmappedEpcisEvent(
      `An ObjectEvent with action ${String(action)} and bizStep ${bizStep ?? '(none)'} is not a custody event: origins are ADD/commissioning, ` +
        'shipments OBSERVE/shipping, receipts OBSERVE/receiving, retirements DELETE/decommissioning, destroying or cml:lost.',
      this.path(bizStep === undefined ? 'bizStep' : 'action'),
    );
  }

  private async origin(view: PartView): Promise<RecordLotOrigin> {
    const { lotId, epcClass, massG } = this.onlyQuantity();
    this.point('lotId', 'quantityList/0/epcClass');
    this.point('grossMassKg', 'quantityList/0/quantity');
    const facilityId = await this.facility(view, 'bizLocation');
    this.point('origin.facilityId', 'bizLocation/id');
    const ilmd = isObject(this.event.ilmd) ? this.event.ilmd : {};
    const exactIlmd = isObject(this.exact.ilmd) ? this.exact.ilmd : {};
    const form = this.text(cmlField(ilmd, 'form'), 'ilmd/cml:form');
    this.point('form', 'ilmd/cml:form');
    const originType = this.text(cmlField(ilmd, 'originType'), 'ilmd/cml:originType');
    this.point('origin.type', 'ilmd/cml:originType');
    this.point('origin.feedstock', 'ilmd/cml:feedstock');
    const composition = this.containedMass(cmlField(ilmd, 'containedMass'), cmlField(exactIlmd, 'containedMass'), 'ilmd/cml:containedMass', 'composition');
    const origin =
      originType === 'recycling'
        ? { type: 'recycling' as const, facilityId, feedstock: cmlField(ilmd, 'feedstock') as 'pre-consumer' }
        : { type: originType as 'extraction', facilityId };
    return {
      type: 'RecordLotOrigin',
      actor: this.actor,
      lotId,
      form: form as RecordLotOrigin['form'],
      grossMassG: massG,
      composition,
      occurredAt: this.occurredAt(),
      origin,
      ...(epcClass !== undefined ? { epcClass } : {}),
    };
  }

  private async shipment(view: PartView): Promise<LedgerCommand> {
    const { lotId, massG } = this.onlyQuantity();
    this.point('lotId', 'quantityList/0/epcClass');
    const destinations = Array.isArray(this.event.destinationList) ? (this.event.destinationList as Json[]) : [];
    const partyAt = destinations.findIndex((d) => cbvWord(d.type) === 'owning_party');
    if (partyAt < 0) {
      throw new InvalidEpcisField('A shipment names its consignee in destinationList as {type: "owning_party", destination: <party>}.', this.path('destinationList'));
    }
    const toPartyId = await this.party(view, `destinationList/${partyAt}/destination`);
    this.point('toPartyId', `destinationList/${partyAt}/destination`);
    const locationAt = destinations.findIndex((d) => cbvWord(d.type) === 'location');
    const toFacilityId = locationAt < 0 ? undefined : await this.facility(view, `destinationList/${locationAt}`, 'destination');
    if (locationAt >= 0) this.point('toFacilityId', `destinationList/${locationAt}/destination`);
    let destinationCountry = cmlField(this.event, 'destinationCountry');
    this.point('destinationCountry', 'cml:destinationCountry');
    if (toFacilityId !== undefined) {
      const facility = await view.read<FacilityState>(read.facility(toFacilityId));
      if (facility.exists && destinationCountry === undefined) destinationCountry = facility.country ?? undefined;
      if (cmlField(this.event, 'destinationCountry') === undefined) this.point('destinationCountry', `destinationList/${locationAt}/destination`);
    }
    if (typeof destinationCountry !== 'string') {
      throw new InvalidEpcisField(
        'Name the destination country: a destination {type: "location"} facility, or "cml:destinationCountry" (ISO 3166-1 alpha-2).',
        this.path('destinationList'),
      );
    }
    const lot = await view.read<LotState>(read.lot(lotId));
    // The whole lot moves: a quantity other than what the lot holds is a partial shipment.
    if (lot.exists && lot.status === 'active' && massG !== lot.grossMassG) {
      throw new PartialShipment(lotId, massG, lot.grossMassG, this.path('quantityList/0/quantity'));
    }
    return {
      type: 'ShipLot',
      actor: this.actor,
      lotId,
      shipmentId: this.shipmentId() ?? generatedId(this.key),
      toPartyId,
      ...(toFacilityId !== undefined ? { toFacilityId } : {}),
      destinationCountry,
      occurredAt: this.occurredAt(),
    };
  }

  private async receipt(view: PartView): Promise<LedgerCommand> {
    const { lotId, massG } = this.onlyQuantity();
    this.point('lotId', 'quantityList/0/epcClass');
    this.point('receivedMassKg', 'quantityList/0/quantity');
    const facilityId = await this.facility(view, 'bizLocation');
    this.point('facilityId', 'bizLocation/id');
    let shipmentId = this.shipmentId();
    if (shipmentId === undefined) {
      // No shipment named: the lot's open shipment, as the contract allows.
      const lot = await view.read<LotState>(read.lot(lotId));
      shipmentId = lot.pendingShipment?.shipmentId;
      if (lot.exists && shipmentId === undefined) {
        throw new InvalidEpcisField(`Lot ${lotId} has no shipment awaiting receipt.`, this.path('quantityList/0/epcClass'));
      }
    }
    return {
      type: 'ReceiveLot',
      actor: this.actor,
      lotId,
      shipmentId: shipmentId ?? generatedId(this.key),
      facilityId,
      receivedMassG: massG,
      occurredAt: this.occurredAt(),
    };
  }

  private retirement(reason: RetirementReason): LedgerCommand {
    const { lotId } = this.onlyQuantity();
    this.point('lotId', 'quantityList/0/epcClass');
    this.point('reason', 'bizStep');
    const productRef = cmlField(this.event, 'productRef');
    return {
      type: 'RetireLot',
      actor: this.actor,
      lotId,
      reason,
      occurredAt: this.occurredAt(),
      ...(typeof productRef === 'string' ? { productRef } : {}),
    };
  }

  private async transformation(view: PartView): Promise<TransformLots> {
    for (const list of ['inputEPCList', 'outputEPCList']) {
      const value = this.event[list];
      if (Array.isArray(value) && value.length > 0) {
        throw new UnmappedEpcisEvent('The ledger transforms lots by class and mass (quantity lists), not instance-level EPCs.', this.path(list));
      }
    }
    const inputs = this.quantities('inputQuantityList').map(({ lotId, massG }, i) => {
      this.point(`inputs.${i}.lotId`, `inputQuantityList/${i}/epcClass`);
      this.point(`inputs.${i}.massKg`, `inputQuantityList/${i}/quantity`);
      return { lotId, massG };
    });
    this.point('inputs', 'inputQuantityList');
    this.point('outputs', 'outputQuantityList');
    const ilmd = isObject(this.event.ilmd) ? this.event.ilmd : {};
    const exactIlmd = isObject(this.exact.ilmd) ? this.exact.ilmd : {};
    const described = cmlField(ilmd, 'outputs');
    const exactDescribed = cmlField(exactIlmd, 'outputs');
    if (!Array.isArray(described)) {
      throw new InvalidEpcisField('Describe every output lot in ilmd "cml:outputs": [{epcClass, "cml:form", "cml:containedMass"}].', this.path('ilmd'));
    }
    const outputs = this.quantities('outputQuantityList').map(({ lotId, epcClass, massG }, o) => {
      this.point(`outputs.${o}.lotId`, `outputQuantityList/${o}/epcClass`);
      this.point(`outputs.${o}.grossMassKg`, `outputQuantityList/${o}/quantity`);
      const k = described.findIndex((d) => isObject(d) && typeof d.epcClass === 'string' && parseLotClass(d.epcClass)?.lotId === lotId);
      if (k < 0) {
        throw new InvalidEpcisField(`Output ${lotId} is not described in ilmd "cml:outputs" (its form and contained minerals).`, this.path(`outputQuantityList/${o}/epcClass`));
      }
      const description = described[k] as Json;
      this.point(`outputs.${o}.form`, `ilmd/cml:outputs/${k}/cml:form`);
      this.point(`outputs.${o}.composition`, `ilmd/cml:outputs/${k}/cml:containedMass`);
      const exactDescription = Array.isArray(exactDescribed) && isObject(exactDescribed[k]) ? exactDescribed[k] : description;
      return {
        lotId,
        form: this.text(cmlField(description, 'form'), `ilmd/cml:outputs/${k}/cml:form`) as TransformLots['outputs'][number]['form'],
        grossMassG: massG,
        composition: this.containedMass(
          cmlField(description, 'containedMass'),
          cmlField(exactDescription as Json, 'containedMass'),
          `ilmd/cml:outputs/${k}/cml:containedMass`,
          `outputs.${o}.composition`,
        ),
        ...(epcClass !== undefined ? { epcClass } : {}),
      };
    });
    const facilityId = await this.facility(view, 'bizLocation');
    this.point('facilityId', 'bizLocation/id');
    this.point('transformationId', 'transformationID');
    this.point('process', 'cml:kind');
    const kind = cmlField(this.event, 'kind');
    return {
      type: 'TransformLots',
      actor: this.actor,
      transformationId: transformationIdOf(this.event.transformationID) ?? generatedId(this.key),
      facilityId,
      process: typeof kind === 'string' ? kind : 'transformation',
      occurredAt: this.occurredAt(),
      inputs,
      outputs,
    };
  }

  /** The event declared erroneous: one correction per ledger event the original EPCIS event produced. */
  async corrections(view: PartView): Promise<LedgerCommand[]> {
    const declaration = this.event.errorDeclaration as Json;
    this.point('eventId', 'eventID');
    this.point('reason', 'errorDeclaration/reason');
    this.point('declarationTime', 'errorDeclaration/declarationTime');
    const originalKey = this.key.slice(0, -':error-declaration'.length);
    const produced = await view.eventsOf(originalKey);
    if (produced === null) {
      throw new InvalidEpcisField(
        `No event with eventID ${originalKey.slice(originalKey.indexOf(':epcis:') + 7)} was captured from your party: only captured events can be declared erroneous.`,
        this.path('eventID'),
      );
    }
    const placed = Array.isArray(produced) ? produced : await placeEvents(view, produced);
    const declarationTime = String(declaration.declarationTime);
    const reason = typeof declaration.reason === 'string' ? declaration.reason : 'unspecified';
    const corrective = Array.isArray(declaration.correctiveEventIDs) ? declaration.correctiveEventIDs.filter((id): id is string => typeof id === 'string') : undefined;
    return placed.flatMap(({ eventId, streamId }) => {
      const subject = subjectOfStream(streamId);
      return subject === null
        ? []
        : [
            {
              type: 'CorrectEvent' as const,
              actor: this.actor,
              subject,
              correctedEventId: eventId,
              reason,
              occurredAt: declarationTime,
              declarationTime,
              ...(corrective !== undefined ? { correctiveEventIds: corrective } : {}),
            },
          ];
    });
  }

  // ---- reading the event ----

  private onlyQuantity(): { lotId: string; epcClass?: string; massG: number } {
    const list = this.quantities('quantityList');
    if (list.length !== 1) {
      throw new InvalidEpcisField(`A custody ObjectEvent names exactly one lot in quantityList, not ${list.length}.`, this.path('quantityList'));
    }
    return list[0];
  }

  private quantities(list: string): { lotId: string; epcClass?: string; massG: number }[] {
    const items = Array.isArray(this.event[list]) ? (this.event[list] as Json[]) : [];
    const exactItems = Array.isArray(this.exact[list]) ? (this.exact[list] as Json[]) : items;
    if (items.length === 0) throw new InvalidEpcisField(`Name the lot and its mass in ${list}.`, this.path(list));
    return items.map((item, i) => {
      const lot = typeof item.epcClass === 'string' ? parseLotClass(item.epcClass) : null;
      if (!lot) {
        throw new InvalidEpcisField(
          `${String(item.epcClass)} is not a lot class the ledger reads: urn:cml:lot:<lotId>, an LGTIN (urn:epc:class:lgtin:…) or a GS1 Digital Link with AI 01 and 10.`,
          this.path(`${list}/${i}/epcClass`),
        );
      }
      const massG = gramsOf(exactItems[i]?.quantity, item.uom, () => this.path(`${list}/${i}/quantity`));
      return { lotId: lot.lotId, ...(lot.gs1 !== undefined ? { epcClass: lot.gs1 } : {}), massG };
    });
  }

  private containedMass(value: unknown, exact: unknown, at: string, commandField: string): Composition {
    this.point(commandField, at);
    if (!Array.isArray(value) || value.length === 0) {
      throw new InvalidEpcisField('List the contained minerals: [{"cml:mineral": "lithium", "quantity": 27900, "uom": "KGM"}].', this.path(at));
    }
    const exactList = Array.isArray(exact) ? exact : value;
    const composition: Composition = {};
    value.forEach((entry, i) => {
      const mineral = isObject(entry) ? cmlField(entry, 'mineral') : undefined;
      if (typeof mineral !== 'string' || !/^[a-z]+(?:-[a-z]+)*$/.test(mineral)) {
        throw new InvalidEpcisField('"cml:mineral" names a mineral in lowercase letters and hyphens, e.g. "lithium".', this.path(`${at}/${i}/cml:mineral`));
      }
      if (composition[mineral] !== undefined) throw new InvalidEpcisField(`${mineral} is listed twice.`, this.path(`${at}/${i}/cml:mineral`));
      const exactEntry = isObject(exactList[i]) ? (exactList[i] as Json) : (entry as Json);
      composition[mineral] = gramsOf(exactEntry.quantity, (entry as Json).uom, () => this.path(`${at}/${i}/quantity`));
      this.point(`${commandField}.${mineral}`, `${at}/${i}`);
    });
    return composition;
  }

  private async facility(view: PartView, at: string, idField = 'id'): Promise<string> {
    const holder = this.event[at.split('/')[0]];
    const location = at.includes('/') ? (holder as Json[])[Number(at.split('/')[1])] : holder;
    const uri = isObject(location) ? location[idField] : undefined;
    const pointer = this.path(`${at}/${idField}`);
    const ref = typeof uri === 'string' ? parseFacilityId(uri) : null;
    if (!ref) throw new InvalidEpcisField(`Name the facility as urn:cml:facility:<id>, or by its GLN (urn:epc:id:sgln:… or a Digital Link with AI 414).`, pointer);
    if (ref.kind === 'ledger-id') return ref.id;
    const index = await view.read<GlnIndexState>(read.gln(ref.gln));
    const ids = [...new Set(index.facilities.map((f) => f.facilityId))];
    if (ids.length === 0) throw new InvalidEpcisField(`No facility is registered with GLN ${ref.gln}.`, pointer);
    if (ids.length > 1) throw new AmbiguousGln(ref.gln, ids, pointer);
    return ids[0];
  }

  private async party(view: PartView, at: string): Promise<string> {
    const [list, index, field] = at.split('/');
    const uri = (this.event[list] as Json[])[Number(index)][field];
    const pointer = this.path(at);
    const ref = typeof uri === 'string' ? parsePartyId(uri) : null;
    if (!ref) throw new InvalidEpcisField('Name the party as urn:cml:party:<id>, or by its PGLN (urn:epc:id:pgln:… or a Digital Link with AI 417).', pointer);
    if (ref.kind === 'ledger-id') return ref.id;
    const found = await view.read<GlnIndexState>(read.gln(ref.gln));
    const ids = [...new Set(found.parties.map((p) => p.partyId))];
    if (ids.length === 0) throw new InvalidEpcisField(`No party is registered with PGLN ${ref.gln}.`, pointer);
    if (ids.length > 1) throw new AmbiguousGln(ref.gln, ids, pointer);
    return ids[0];
  }

  private shipmentId(): string | undefined {
    const list = Array.isArray(this.event.bizTransactionList) ? (this.event.bizTransactionList as Json[]) : [];
    const at = list.findIndex((entry) => typeof entry.bizTransaction === 'string' && parseShipmentUri(entry.bizTransaction) !== null);
    if (at < 0) return undefined;
    this.point('shipmentId', `bizTransactionList/${at}/bizTransaction`);
    return parseShipmentUri(list[at].bizTransaction as string) as string;
  }

  private occurredAt(): string {
    return String(this.event.eventTime);
  }

  private text(value: unknown, at: string): string {
    if (typeof value !== 'string') throw new InvalidEpcisField(`${at.split('/').pop()} is required, as a string.`, this.path(at));
    return value;
  }

  /** Notes where a command field comes from; the pointer is only written out for a refusal. */
  private point(commandField: string, relative: string): void {
    this.pointers.set(commandField, relative);
  }

  private path(relative: string): string {
    return `${this.at}/${relative.split('/').map(escapePointer).join('/')}`;
  }
}

const RETIREMENTS: Readonly<Record<string, RetirementReason>> = {
  decommissioning: 'manufactured',
  destroying: 'disposed',
  'cml:lost': 'lost',
};

/** A CBV value as its bare word: `shipping`, `https://ref.gs1.org/cbv/BizStep-shipping`, `urn:epcglobal:cbv:bizstep:shipping`; `cml:lost` for the ledger's own. */
function cbvWord(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith(CML)) return `cml:${value.slice(CML.length)}`;
  const web = /^https?:\/\/ref\.gs1\.org\/cbv\/[A-Za-z]+-(.+)$/.exec(value);
  if (web) return web[1];
  const urn = /^urn:epcglobal:cbv:[a-z]+:(.+)$/.exec(value);
  return urn ? urn[1] : value;
}

/** An extension field by its `cml:` name, or by the URI the prefix expands to. */
function cmlField(object: Json, name: string): unknown {
  return object[`cml:${name}`] ?? object[`${CML}${name}`];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A ledger id for what the poster left unnamed (a shipment, a transformation), the same on every resend. */
function generatedId(key: string): string {
  return `epcis-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

const LEDGER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function transformationIdOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.startsWith(`${CML}transformation:`) ? value.slice(`${CML}transformation:`.length) : value;
  return LEDGER_ID.test(id) ? id : `epcis-${createHash('sha256').update(value).digest('hex').slice(0, 24)}`;
}

function subjectOfStream(streamId: string): { kind: 'lot'; lotId: string } | { kind: 'facility'; facilityId: string } | null {
  if (streamId.startsWith(streams.lot(''))) return { kind: 'lot', lotId: streamId.slice(streams.lot('').length) };
  if (streamId.startsWith(streams.facility(''))) return { kind: 'facility', facilityId: streamId.slice(streams.facility('').length) };
  return null;
}

/** Which stream each of an earlier append's events is on, from those streams' histories. */
async function placeEvents(view: PartView, produced: { eventIds: string[]; streamIds: string[] }): Promise<{ eventId: string; streamId: string }[]> {
  const wanted = new Set(produced.eventIds);
  const placed: { eventId: string; streamId: string }[] = [];
  for (const streamId of produced.streamIds) {
    const subject = subjectOfStream(streamId);
    if (!subject) continue;
    const ref = subject.kind === 'lot' ? streamRef.lot(subject.lotId) : streamRef.facility(subject.facilityId);
    const history = await view.read<StreamEntry[]>(read.history(ref));
    for (const entry of history) if (wanted.has(entry.eventId)) placed.push({ eventId: entry.eventId, streamId });
  }
  return placed;
}
