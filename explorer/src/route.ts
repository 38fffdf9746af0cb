/**
 * Every view has its own URL under /explorer, with `asOf` (and the search filters) in the query,
 * so a link to exactly what one sees can be shared.
 */
export type Route =
  | { view: 'lots'; query: URLSearchParams }
  | { view: 'lot'; lotId: string; query: URLSearchParams }
  | { view: 'regulator'; query: URLSearchParams }
  | { view: 'not-found'; query: URLSearchParams };

export const BASE = '/explorer';

export function routeOf(location: { pathname: string; search: string }): Route {
  const query = new URLSearchParams(location.search);
  const path = location.pathname.replace(/\/+$/, '');
  if (path === BASE || path === `${BASE}/lots`) return { view: 'lots', query };
  const lot = /^\/explorer\/lots\/([^/]+)$/.exec(path);
  if (lot) return { view: 'lot', lotId: decodeURIComponent(lot[1]), query };
  if (path === `${BASE}/regulator`) return { view: 'regulator', query };
  return { view: 'not-found', query };
}

/** A link within the explorer, keeping only the query values given (empty ones dropped). */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  return `${BASE}${path}${params.size > 0 ? `?${params}` : ''}`;
}

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}
