/** A bare date (`YYYY-MM-DD`) counts from the start of that day (UTC); an instant is itself. */
export function startOf(instant: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(instant) ? `${instant}T00:00:00.000Z` : instant);
}

/** …and until its end: a validity or reporting period ending on a date includes that day. */
export function endOf(instant: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(instant) ? `${instant}T23:59:59.999Z` : instant);
}
