import { useEffect, useState } from 'preact/hooks';
import type { Api, EventEnvelope, Me } from '../api';
import { messageOf, readsEverything } from '../app';
import { readableKg, when } from '../format';
import { href } from '../route';

/** The lot's own history, oldest first, up to the position shown; each event can become the moment shown. */
export function Timeline({ api, me, lotId, position }: { api: Api; me: Me; lotId: string; position: string }) {
  const [events, setEvents] = useState<EventEnvelope[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .lotEvents(lotId)
      .then((answer) => setEvents(answer.events))
      .catch((e) => setError(messageOf(e)));
  }, [api, lotId]);
  const shown = events?.filter((e) => BigInt(e.position) <= BigInt(position)) ?? [];
  const later = (events?.length ?? 0) - shown.length;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">History</h2>
      {error && <p class="error">{error}</p>}
      {!events && !error && <p class="loading">Reading its history…</p>}
      {events && (
        <ol class="timeline">
          {shown.map((e) => (
            <li data-event-type={e.type}>
              <p>
                <time datetime={e.occurredAt}>{when(e.occurredAt)}</time> <span class="event-type">{e.type}</span>
              </p>
              <p>{describeEvent(e)}</p>
              <p class="muted">
                position {e.position}, by {e.actorPartyId}, recorded {when(e.recordedAt)} ·{' '}
                <a href={href(`/lots/${encodeURIComponent(lotId)}`, { asOf: e.position })} aria-label={`as of this event (${e.type}, position ${e.position})`}>
                  as of this event
                </a>
                {readsEverything(me) && (
                  <>
                    {' · '}
                    <a href={href('/regulator', { lotId, eventId: e.eventId })} aria-label={`check in the signed log (${e.type}, position ${e.position})`}>
                      check in the signed log
                    </a>
                  </>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
      {later > 0 && <p class="help">{later} later event(s) are not shown at this moment.</p>}
    </section>
  );
}

const kg = (grams: unknown) => (typeof grams === 'number' ? readableKg(`${Math.floor(grams / 1000)}.${String(grams % 1000).padStart(3, '0')}`) : '?');

/** One line in words for an event of a lot's stream. */
export function describeEvent(e: EventEnvelope): string {
  const d = e.data as Record<string, any>;
  switch (e.type) {
    case 'LotExtracted':
      return `extracted at ${d.facilityId} (${d.country}): ${kg(d.grossMassG)}, held by ${d.custodianId}`;
    case 'LotRecovered':
      return `recovered from ${d.feedstock} feedstock at ${d.facilityId} (${d.country}): ${kg(d.grossMassG)}`;
    case 'LotShipped':
      return `shipped by ${d.fromPartyId} to ${d.toPartyId} (${d.destinationCountry}): ${kg(d.grossMassG)}`;
    case 'LotReceived':
      return `received by ${d.receiverId} at ${d.facilityId} (${d.country}): ${kg(d.receivedMassG)} of ${kg(d.shippedMassG)} shipped`;
    case 'LotTransformed':
      return `${d.process} (${d.transformationId}) at ${d.facilityId}: ${(d.inputs as unknown[]).length} input(s), ${(d.outputs as unknown[]).length} output(s)`;
    case 'LotRetired':
      return `retired: ${d.reason}${d.productRef ? ` into ${d.productRef}` : ''}`;
    case 'FlagRaised':
      return `flag raised: ${d.category} (${d.severity}): ${d.description}`;
    case 'FlagResolved':
      return `flag ${d.flagId} resolved: ${d.outcome}, ${d.note}`;
    case 'CertificationRecorded':
      return `certificate ${d.scheme} by ${d.issuer}, valid ${d.validFrom} to ${d.validTo}`;
    case 'EventCorrected':
      return `event ${d.correctedEventId} declared erroneous: ${d.reason}`;
    default:
      return e.type;
  }
}
