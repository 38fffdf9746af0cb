import { BarChart } from 'chartist';
import { useEffect, useRef } from 'preact/hooks';
import type { MineralOrigins, OriginsView } from '../../../src/provenance/provenance-views';
import { percent, readableKg } from '../format';

/**
 * Origins per mineral by mass balance: a chart of shares by country and one of the recycled,
 * certified and flagged shares, each with its numbers in a table beside it (the charts are
 * pictures of these tables, which screen readers and the tests read).
 */
export function OriginCharts({ origins, facilityNames }: { origins: OriginsView; facilityNames: Map<string, string> }) {
  const minerals = Object.entries(origins.minerals);
  return (
    <section aria-labelledby="origins-title">
      <h2 id="origins-title">Origins per mineral</h2>
      {minerals.length === 0 && <p>No critical mineral is attributed to this lot.</p>}
      {minerals.map(([mineral, m]) => (
        <MineralSection mineral={mineral} origins={m} facilityNames={facilityNames} />
      ))}
    </section>
  );
}

function MineralSection({ mineral, origins, facilityNames }: { mineral: string; origins: MineralOrigins; facilityNames: Map<string, string> }) {
  const countries = Object.entries(origins.byCountry);
  const shares: [string, number][] = [
    ['recycled', origins.recycledShare],
    ['certified', origins.certifiedShare],
    ['flagged', origins.flaggedShare],
  ];
  return (
    <section class="mineral" data-mineral={mineral} aria-labelledby={`mineral-${mineral}`}>
      <h3 id={`mineral-${mineral}`}>
        {mineral}: {readableKg(origins.massKg)}
      </h3>
      <div class="charts">
        <figure>
          <Bars labels={countries.map(([c]) => c)} values={countries.map(([, s]) => s)} label={`${mineral} by country of origin`} />
          <figcaption>By country of origin</figcaption>
        </figure>
        <figure>
          <Bars labels={shares.map(([k]) => k)} values={shares.map(([, s]) => s)} label={`${mineral}: recycled, certified and flagged shares`} />
          <figcaption>Recycled, certified, flagged</figcaption>
        </figure>
        <table class="shares">
          <caption>Shares of {mineral}</caption>
          <tbody>
            {countries.map(([country, share]) => (
              <tr data-share={`country:${country}`}>
                <th scope="row">from {country}</th>
                <td class="number">{percent(share)}</td>
              </tr>
            ))}
            {shares.map(([kind, share]) => (
              <tr data-share={kind}>
                <th scope="row">{kind}</th>
                <td class="number">{percent(share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <table class="origins">
        <caption>Origins of {mineral}</caption>
        <thead>
          <tr>
            <th scope="col">Facility</th>
            <th scope="col">Country</th>
            <th scope="col">Recycled</th>
            <th scope="col">Mass</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {origins.origins.map((o) => (
            <tr>
              <td>{facilityNames.get(o.facilityId) ?? o.facilityId}</td>
              <td>{o.country}</td>
              <td>{o.recycled ? 'yes' : 'no'}</td>
              <td class="number">{readableKg(o.massKg)}</td>
              <td class="number">{percent(o.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Horizontal bars of shares from 0 to 100 %, drawn as SVG by Chartist. */
function Bars({ labels, values, label }: { labels: string[]; values: number[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = new BarChart(
      ref.current,
      { labels, series: [values.map((v) => Math.round(v * 10000) / 100)] },
      {
        horizontalBars: true,
        reverseData: true,
        low: 0,
        high: 100,
        height: `${Math.max(90, labels.length * 32 + 40)}px`,
        chartPadding: { top: 10, right: 40, bottom: 5, left: 10 },
        axisX: { labelInterpolationFnc: (v: number | string) => `${v} %`, onlyInteger: true },
        axisY: { offset: 80 },
      },
    );
    return () => chart.detach();
  }, [labels.join(), values.join()]);
  return <div class="bars" ref={ref} role="img" aria-label={`${label}: ${labels.map((l, i) => `${l} ${Math.round(values[i] * 1000) / 10} %`).join(', ')}`} />;
}
