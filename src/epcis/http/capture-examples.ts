import { EPCIS_CONTEXT } from '../query/cbv-vocabulary';

/*
 * The capture examples of /docs, on the example ledger of the rest of the document (docs/architecture.md):
 * the Greenbushes mine (`au-greenbushes-mine`, party `au-pilbara-lithium`) sends its next lot of
 * spodumene concentrate, AU-SPOD-2, to the Kashima refinery (`jp-kashima-refinery`, party
 * `jp-lithium-refining`) as one EPCIS document: its origin and its shipment. The refinery's
 * weighbridge then captures the receipt as one event. Swagger UI's "try it out" posts them, and
 * test/openapi/openapi-examples.e2e.spec.ts posts them over that ledger.
 */

const CONTEXT = [...EPCIS_CONTEXT];

/** The eventIDs of the examples: the query examples read them back. */
export const EXAMPLE_EVENT_IDS = {
  origin: 'urn:uuid:5b0e7c1a-2f4d-4e8b-9a63-0c1d2e3f4a51',
  shipment: 'urn:uuid:5b0e7c1a-2f4d-4e8b-9a63-0c1d2e3f4a52',
  receipt: 'urn:uuid:5b0e7c1a-2f4d-4e8b-9a63-0c1d2e3f4a53',
} as const;

/** The mine's origin and shipment of AU-SPOD-2, one atomic document under rollback. */
export const EPCIS_DOCUMENT_EXAMPLE = {
  '@context': CONTEXT,
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-04-15T09:00:00Z',
  epcisBody: {
    eventList: [
      {
        type: 'ObjectEvent',
        eventID: EXAMPLE_EVENT_IDS.origin,
        eventTime: '2026-04-10T08:00:00+08:00',
        eventTimeZoneOffset: '+08:00',
        action: 'ADD',
        bizStep: 'commissioning',
        bizLocation: { id: 'urn:cml:facility:au-greenbushes-mine' },
        quantityList: [{ epcClass: 'urn:cml:lot:AU-SPOD-2', quantity: 800000, uom: 'KGM' }],
        ilmd: {
          'cml:form': 'concentrate',
          'cml:originType': 'extraction',
          'cml:containedMass': [{ 'cml:mineral': 'lithium', quantity: 22320, uom: 'KGM' }],
        },
      },
      {
        type: 'ObjectEvent',
        eventID: EXAMPLE_EVENT_IDS.shipment,
        eventTime: '2026-04-15T07:30:00+08:00',
        eventTimeZoneOffset: '+08:00',
        action: 'OBSERVE',
        bizStep: 'shipping',
        readPoint: { id: 'urn:cml:facility:au-greenbushes-mine' },
        quantityList: [{ epcClass: 'urn:cml:lot:AU-SPOD-2', quantity: 800000, uom: 'KGM' }],
        bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:cml:shipment:SHP-2026-0002' }],
        destinationList: [
          { type: 'owning_party', destination: 'urn:cml:party:jp-lithium-refining' },
          { type: 'location', destination: 'urn:cml:facility:jp-kashima-refinery' },
        ],
      },
    ],
  },
};

/** The refinery's receipt of AU-SPOD-2, weighed on arrival: one event with its @context (POST /epcis/events). */
export const EPCIS_EVENT_EXAMPLE = {
  '@context': CONTEXT,
  type: 'ObjectEvent',
  eventID: EXAMPLE_EVENT_IDS.receipt,
  eventTime: '2026-05-02T06:00:00+09:00',
  eventTimeZoneOffset: '+09:00',
  action: 'OBSERVE',
  bizStep: 'receiving',
  readPoint: { id: 'urn:cml:facility:jp-kashima-refinery' },
  bizLocation: { id: 'urn:cml:facility:jp-kashima-refinery' },
  quantityList: [{ epcClass: 'urn:cml:lot:AU-SPOD-2', quantity: 799640.5, uom: 'KGM' }],
  bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:cml:shipment:SHP-2026-0002' }],
};
