import { useEffect, useState } from 'preact/hooks';
import { Api, ApiError, type Me } from './api';
import { AsOfControl } from './components/as-of-control';
import { BASE, href, navigate, routeOf, type Route } from './route';
import { forgetKey, storedKey, storeKey } from './session';
import { LotView } from './views/lot-view';
import { RegulatorView } from './views/regulator-view';
import { SearchView } from './views/search-view';
import { SignIn } from './views/sign-in';

interface Session {
  api: Api;
  me: Me;
}

/** Reads of the whole log, checkpoints and proofs are for auditors and regulators. */
export function readsEverything(me: Me): boolean {
  return me.roles.includes('auditor') || me.roles.includes('regulator');
}

export function App() {
  const [route, setRoute] = useState<Route>(routeOf(location));
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(storedKey() !== null);

  useEffect(() => {
    const onPop = () => setRoute(routeOf(location));
    // Links inside the explorer change the view without reloading the page.
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a');
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || !url.pathname.startsWith(BASE) || link.target) return;
      event.preventDefault();
      navigate(url.pathname + url.search);
    };
    addEventListener('popstate', onPop);
    document.addEventListener('click', onClick);
    return () => {
      removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
    };
  }, []);

  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    const api = new Api(key);
    api
      .me()
      .then((me) => setSession({ api, me }))
      .catch(() => forgetKey())
      .finally(() => setRestoring(false));
  }, []);

  useEffect(() => {
    document.title = `${titleOf(route)} · Ledger explorer`;
  }, [route]);

  if (restoring) return <p class="loading">Signing in…</p>;
  if (!session) {
    return (
      <SignIn
        onSignIn={async (apiKey) => {
          const api = new Api(apiKey);
          const me = await api.me();
          storeKey(apiKey);
          setSession({ api, me });
        }}
      />
    );
  }

  const asOf = route.query.get('asOf') ?? undefined;
  return (
    <div class="layout">
      <a class="skip" href="#main">
        Skip to the content
      </a>
      <header class="bar">
        <p class="brand">
          <a href={href('/lots', { asOf })}>Ledger explorer</a>
        </p>
        <nav aria-label="Views">
          <ul>
            <li>
              <a href={href('/lots', { asOf })} aria-current={route.view === 'lots' ? 'page' : undefined}>
                Find lots
              </a>
            </li>
            {readsEverything(session.me) && (
              <li>
                <a href={href('/regulator', { asOf })} aria-current={route.view === 'regulator' ? 'page' : undefined}>
                  Signed log
                </a>
              </li>
            )}
          </ul>
        </nav>
        <p class="who">
          Signed in as <strong>{session.me.name ?? session.me.partyId}</strong> ({session.me.roles.join(', ')}){' '}
          <button
            type="button"
            class="link"
            onClick={() => {
              forgetKey();
              setSession(null);
            }}
          >
            Sign out
          </button>
        </p>
      </header>
      <AsOfControl asOf={asOf} />
      <main id="main">
        {route.view === 'lots' && <SearchView api={session.api} me={session.me} query={route.query} />}
        {route.view === 'lot' && <LotView key={`${route.lotId}@${asOf ?? ''}`} api={session.api} me={session.me} lotId={route.lotId} asOf={asOf} />}
        {route.view === 'regulator' && <RegulatorView api={session.api} me={session.me} query={route.query} />}
        {route.view === 'not-found' && (
          <section>
            <h1>Nothing here</h1>
            <p>
              This address is not a view of the explorer. <a href={href('/lots')}>Find lots</a>.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}

function titleOf(route: Route): string {
  switch (route.view) {
    case 'lots':
      return 'Find lots';
    case 'lot':
      return `Lot ${route.lotId}`;
    case 'regulator':
      return 'Signed log';
    default:
      return 'Not found';
  }
}

/** A problem from the API as one sentence for the page. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
