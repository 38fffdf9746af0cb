import { useState } from 'preact/hooks';
import { ApiError } from '../api';

/** The key is checked against the ledger before it is kept (for this tab only). */
export function SignIn({ onSignIn }: { onSignIn: (apiKey: string) => Promise<void> }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="sign-in">
      <h1>Ledger explorer</h1>
      <p>Provenance of critical-mineral lots: where the material came from, through whose hands, under which certificates and flags.</p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await onSignIn(apiKey.trim());
          } catch (e) {
            setError(
              e instanceof ApiError && e.status === 401
                ? `The ledger does not know this API key (${e.message}). Check that you pasted the whole key.`
                : e instanceof Error
                  ? e.message
                  : String(e),
            );
          } finally {
            setBusy(false);
          }
        }}
      >
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          required
          value={apiKey}
          onInput={(e) => setApiKey((e.target as HTMLInputElement).value)}
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" class="help">
          Your party's key, as the ledger issued it. It is kept in this browser tab only and forgotten when the tab closes.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <div role="alert" class="error-slot">
          {error && <p class="error">{error}</p>}
        </div>
      </form>
    </main>
  );
}
