import { useEffect, useState } from 'preact/hooks';
import type { ListPage, LotStateView } from '../../../src/provenance/provenance-views';
import type { Api, Facility, Me, Party } from '../api';
import { messageOf, readsEverything } from '../app';
import { readableKg } from '../format';
import { href, navigate } from '../route';

const FILTERS = ['idPrefix', 'status', 'mineral', 'originCountry', 'custodian', 'facility', 'flagged', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

/** Finds lots by any of the list's filters; the filters, the cursor and `asOf` live in the address. */
export function SearchView({ api, me, query }: { api: Api; me: Me; query: URLSearchParams }) {
  const asOf = query.get('asOf') ?? undefined;
  const after = query.get('after') ?? undefined;
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ''])) as Record<Filter, string>;
  const [form, setForm] = useState(filters);
  const [page, setPage] = useState<ListPage<LotStateView> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [parties, setParties] = useState<Party[]>([]);
  const [facilities, setFacilities] = useState<Facility[]>([]);
  const key = query.toString();

  useEffect(() => setForm(filters), [key]);
  useEffect(() => {
    api.parties().then((p) => setParties(p.items), () => undefined);
    api.facilities().then((f) => setFacilities(f.items), () => undefined);
  }, [api]);
  useEffect(() => {
    setError(null);
    setPage(null);
    api
      .lots({ ...filters, asOf, after })
      .then(setPage)
      .catch((e) => setError(messageOf(e)));
  }, [key]);

  const partyName = (id: string) => parties.find((p) => p.partyId === id)?.name ?? id;
  const field = (name: Filter) => ({
    id: `filter-${name}`,
    name,
    value: form[name],
    onInput: (e: Event) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value }),
  });

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">Find lots</h1>
      <p class="help">
        {readsEverything(me) ? 'As an auditor or regulator you find every lot.' : 'You find the lots your party holds, held, or had shipped to it.'}
      </p>
      <form
        class="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(href('/lots', { ...form, asOf }));
        }}
      >
        <div>
          <label for="filter-idPrefix">Lot id starts with</label>
          <input {...field('idPrefix')} />
        </div>
        <div>
          <label for="filter-status">Status</label>
          <select {...field('status')}>
            <option value="">any</option>
            {['active', 'in-transit', 'consumed', 'retired'].map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-mineral">Mineral</label>
          <input {...field('mineral')} placeholder="nickel" />
        </div>
        <div>
          <label for="filter-originCountry">Origin country</label>
          <input {...field('originCountry')} placeholder="AU" maxLength={2} />
        </div>
        <div>
          <label for="filter-custodian">Custodian now</label>
          <select {...field('custodian')}>
            <option value="">any</option>
            {parties.map((p) => (
              <option value={p.partyId}>{p.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-facility">Passed through facility</label>
          <select {...field('facility')}>
            <option value="">any</option>
            {facilities.map((f) => (
              <option value={f.facilityId}>
                {f.name} ({f.country})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-flagged">Open flags</label>
          <select {...field('flagged')}>
            <option value="">either</option>
            <option value="true">flagged</option>
            <option value="false">not flagged</option>
          </select>
        </div>
        <div>
          <label for="filter-from">Made from (RFC 3339)</label>
          <input {...field('from')} placeholder="2026-01-01T00:00:00Z" />
        </div>
        <div>
          <label for="filter-to">Made before</label>
          <input {...field('to')} placeholder="2026-07-01T00:00:00Z" />
        </div>
        <div class="actions">
          <button type="submit">Search</button>
          <a href={href('/lots', { asOf })}>Clear</a>
        </div>
      </form>
      <div aria-live="polite">
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {!error && !page && <p class="loading">Searching…</p>}
        {page && (
          <>
            <table class="results">
              <caption>
                {page.items.length === 0 ? 'No lot matches' : `${page.items.length} lot${page.items.length === 1 ? '' : 's'}`}
                {page.position ? `, as of position ${page.position}` : ''}
                {after ? ` (after ${after})` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Lot</th>
                  <th scope="col">Form</th>
                  <th scope="col">Status</th>
                  <th scope="col">Custodian</th>
                  <th scope="col">Mass now</th>
                  <th scope="col">Contains</th>
                  <th scope="col">Open flags</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((lot) => (
                  <tr>
                    <td>
                      <a href={href(`/lots/${encodeURIComponent(lot.lotId)}`, { asOf })}>{lot.lotId}</a>
                    </td>
                    <td>{lot.form}</td>
                    <td>{lot.status}</td>
                    <td>{partyName(lot.custodianId)}</td>
                    <td class="number">{readableKg(lot.grossMassKg)}</td>
                    <td>{Object.keys(lot.composition).join(', ') || '—'}</td>
                    <td>{lot.openFlags.length === 0 ? 'none' : lot.openFlags.map((f) => `${f.category} (${f.severity})`).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {page.next && (
              // Later pages stay at the first page's position, so paging never skips or repeats a lot.
              <a class="button" href={href('/lots', { ...filters, asOf: asOf ?? page.position ?? undefined, after: page.next })}>
                Next page
              </a>
            )}
          </>
        )}
      </div>
    </section>
  );
}
