/**
 * The API key lives in this tab's sessionStorage only: it is gone when the tab closes, never
 * shared with other tabs, never in a cookie the browser would send on its own.
 */
const KEY = 'ledger-explorer.api-key';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(apiKey: string): void {
  sessionStorage.setItem(KEY, apiKey);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}
