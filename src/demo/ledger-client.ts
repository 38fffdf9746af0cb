import { randomUUID } from 'node:crypto';
import type { components } from './ledger-api';

/** An RFC 9457 problem document as the OpenAPI document describes it; parsed from any error body, so every field may be missing. */
export type Problem = Partial<components['schemas']['Problem']> & Record<string, unknown>;

/** A non-2xx answer, carrying the problem document so the caller sees what the ledger objected to. */
export class LedgerHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: Problem | undefined,
    rawBody: string,
  ) {
    super(LedgerHttpError.describe(method, path, status, problem, rawBody));
    this.name = 'LedgerHttpError';
  }

  private static describe(method: string, path: string, status: number, problem: Problem | undefined, rawBody: string): string {
    const what = problem?.detail ?? problem?.title ?? (rawBody.slice(0, 500) || '(empty body)');
    const fields = problem?.errors === undefined ? '' : ` ${JSON.stringify(problem.errors)}`;
    return `${method} ${path} → ${status}: ${what}${fields}`;
  }
}

export interface LedgerClientOptions {
  /** Attempts for one POST when the server is unreachable or answers 5xx; the Idempotency-Key stays the same. */
  attempts?: number;
  /** Milliseconds before the first retry; doubles each time. */
  retryDelayMs?: number;
}

/**
 * The transport of the demo's client on Node's global fetch: bearer key, JSON, retries under one
 * Idempotency-Key, problem errors. One instance speaks for one API key; `as(key)` gives another
 * party's view of the same server. `LedgerApi` (ledger-api-client.ts) types it from the OpenAPI document.
 */
export class LedgerClient {
  private readonly baseUrl: string;
  private readonly attempts: number;
  private readonly retryDelayMs: number;

  constructor(
    baseUrl: string,
    private readonly apiKey: string | undefined,
    private readonly options: LedgerClientOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.retryDelayMs = options.retryDelayMs ?? 250;
  }

  as(apiKey: string): LedgerClient {
    return new LedgerClient(this.baseUrl, apiKey, this.options);
  }

  /**
   * POSTs JSON under a fresh Idempotency-Key. Retries reuse that key, so a write whose answer was
   * lost in transit is answered again by the ledger instead of being stored twice.
   */
  post<T = components['schemas']['WriteAnswer']>(path: string, body: unknown, idempotencyKey: string | undefined = randomUUID()): Promise<T> {
    return this.retriedPost<T>(path, body, { 'Idempotency-Key': idempotencyKey });
  }

  /**
   * POSTs JSON with `headers`, sent again when the server is unreachable or answers 5xx: only for a
   * request that is idempotent, under an Idempotency-Key (`post`) or by its body's own keys (EPCIS
   * capture, where each event's eventID is its key).
   */
  async retriedPost<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        return await this.send<T>('POST', path, body, headers);
      } catch (error) {
        lastError = error;
        if (!LedgerClient.isTransient(error) || attempt === this.attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** (attempt - 1)));
      }
    }
    throw lastError;
  }

  /** A request that is not idempotent, so never sent twice. */
  sendOnce<T>(method: string, path: string): Promise<T> {
    return this.send<T>(method, path, undefined, {});
  }

  async get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, value);
    const search = params.toString();
    return this.send<T>('GET', search ? `${path}?${search}` : path, undefined, {});
  }

  private async send<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<T> {
    const response = await this.fetch(method, path, body, headers);
    const text = await response.text();
    if (!response.ok) throw new LedgerHttpError(method, path, response.status, LedgerClient.parseProblem(text), text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private fetch(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
    const allHeaders: Record<string, string> = { Accept: 'application/json, application/problem+json', ...headers };
    if (this.apiKey !== undefined) allHeaders.Authorization = `Bearer ${this.apiKey}`;
    if (body !== undefined) allHeaders['Content-Type'] = 'application/json';
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: allHeaders,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private static parseProblem(text: string): Problem | undefined {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === 'object' ? (parsed as Problem) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Unreachable server (fetch rejects with a TypeError) or a 5xx: worth the same request again. */
  private static isTransient(error: unknown): boolean {
    if (error instanceof LedgerHttpError) return error.status >= 500;
    return error instanceof TypeError;
  }
}
