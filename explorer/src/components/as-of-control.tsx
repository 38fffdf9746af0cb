import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../route';

/**
 * Moves every view back to a past position (digits) or time (RFC 3339): it sets `asOf` in the
 * address, which each view reads, so the moment is part of any link that is shared.
 */
export function AsOfControl({ asOf }: { asOf: string | undefined }) {
  const [value, setValue] = useState(asOf ?? '');
  useEffect(() => setValue(asOf ?? ''), [asOf]);
  const go = (next: string | undefined) => {
    const url = new URL(location.href);
    if (next) url.searchParams.set('asOf', next);
    else url.searchParams.delete('asOf');
    url.searchParams.delete('after');
    navigate(url.pathname + url.search);
  };
  return (
    <form
      class="as-of"
      aria-label="Moment shown"
      onSubmit={(event) => {
        event.preventDefault();
        go(value.trim() || undefined);
      }}
    >
      <p class="as-of-now" aria-live="polite">
        {asOf ? (
          <>
            Showing the ledger <strong>as of {asOf}</strong>
          </>
        ) : (
          <>
            Showing the ledger <strong>now</strong>
          </>
        )}
      </p>
      <label for="as-of">As of (a position or an RFC 3339 time)</label>
      <input id="as-of" name="asOf" value={value} placeholder="e.g. 42 or 2026-04-01T00:00:00Z" onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
      <button type="submit">Show then</button>
      <button type="button" onClick={() => go(undefined)} disabled={!asOf}>
        Back to now
      </button>
    </form>
  );
}
