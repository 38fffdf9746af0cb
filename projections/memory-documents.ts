import type { Position } from '../src/event-store/event-store.port';
import type { DocumentReader, DocumentState, EventClock, IndexEntry, IndexQuery, Reached } from './projection';

interface Version {
  from: Position;
  json: string;
}

/** A term a key held from `from` until `to` (null: still). */
interface TermSpan {
  term: string;
  from: Position;
  to: Position | null;
  time: string;
}

/**
 * Versioned documents held in memory: the reference fold used by pure tests, by the property
 * test's "fresh projection of a prefix" and by offline verification. Documents are kept as JSON
 * so they read back exactly as they would from SQLite, and callers cannot mutate history.
 */
export class MemoryDocuments implements DocumentState, DocumentReader, EventClock {
  private readonly versions = new Map<string, Version[]>();
  private readonly links = new Map<string, Map<string, Map<string, Position>>>();
  private readonly times: { position: Position; recordedAt: string }[] = [];
  /** index → key → every span of every term it held. */
  private readonly spans = new Map<string, Map<string, TermSpan[]>>();
  private readonly entries = new Map<string, IndexEntry>();
  private last: Position | null = null;

  get<T>(collection: string, key: string): T | undefined {
    const history = this.versions.get(docKey(collection, key));
    // Frozen: the SQLite read model hands the fold the very object it last put, so a projection
    // that mutated what it read would corrupt history there; here it throws instead.
    return history ? (deepFreeze(JSON.parse(history[history.length - 1].json)) as T) : undefined;
  }

  put<T>(collection: string, key: string, doc: T, at: Position): void {
    const id = docKey(collection, key);
    const history = this.versions.get(id) ?? [];
    const json = JSON.stringify(doc);
    const latest = history[history.length - 1];
    if (latest && latest.from === at) latest.json = json;
    else history.push({ from: at, json });
    this.versions.set(id, history);
  }

  link(relation: string, source: string, target: string, at: Position): void {
    const bySource = this.links.get(relation) ?? new Map<string, Map<string, Position>>();
    const targets = bySource.get(source) ?? new Map<string, Position>();
    if (!targets.has(target)) targets.set(target, at);
    bySource.set(source, targets);
    this.links.set(relation, bySource);
  }

  index(index: string, key: string, entry: IndexEntry, at: Position): void {
    const byKey = this.spans.get(index) ?? new Map<string, TermSpan[]>();
    this.spans.set(index, byKey);
    const spans = byKey.get(key) ?? [];
    byKey.set(key, spans);
    const terms = new Set(entry.terms);
    for (const span of spans) {
      if (span.to !== null) continue;
      if (terms.has(span.term) && span.time === entry.time) terms.delete(span.term);
      else span.to = at;
    }
    for (const term of terms) {
      // Dropped and taken again at the same position: the span goes on as if never closed.
      const closedHere = spans.find((s) => s.term === term && s.from === at && s.to === at);
      if (closedHere) {
        closedHere.to = null;
        closedHere.time = entry.time;
      } else spans.push({ term, from: at, to: null, time: entry.time });
    }
    this.entries.set(docKey(index, key), JSON.parse(JSON.stringify({ terms: [...new Set(entry.terms)].sort(), time: entry.time, memo: entry.memo })));
  }

  indexed(index: string, key: string): IndexEntry | undefined {
    const entry = this.entries.get(docKey(index, key));
    return entry ? deepFreeze(JSON.parse(JSON.stringify(entry)) as IndexEntry) : undefined;
  }

  recordEventTime(position: Position, recordedAt: string): void {
    this.times.push({ position, recordedAt });
    if (this.last === null || position > this.last) this.last = position;
  }

  lastPosition(): Position | null {
    return this.last;
  }

  positionAt(instant: string): Position | null {
    let best: { position: Position; recordedAt: string } | null = null;
    for (const t of this.times) {
      if (t.recordedAt > instant) continue;
      if (!best || t.recordedAt > best.recordedAt || (t.recordedAt === best.recordedAt && t.position > best.position)) {
        best = t;
      }
    }
    return best ? best.position : null;
  }

  getAt<T>(collection: string, key: string, asOf: Position): T | undefined {
    const history = this.versions.get(docKey(collection, key));
    if (!history) return undefined;
    for (let i = history.length - 1; i >= 0; i--) {
      if (history[i].from <= asOf) return JSON.parse(history[i].json) as T;
    }
    return undefined;
  }

  getManyAt<T>(collection: string, keys: readonly string[], asOf: Position): Map<string, T> {
    const found = new Map<string, T>();
    for (const key of keys) {
      const doc = this.getAt<T>(collection, key, asOf);
      if (doc !== undefined) found.set(key, doc);
    }
    return found;
  }

  linkedAt(relation: string, source: string, asOf: Position): string[] {
    const targets = this.links.get(relation)?.get(source);
    if (!targets) return [];
    return [...targets].filter(([, at]) => at <= asOf).map(([target]) => target).sort();
  }

  linkedManyAt(relation: string, sources: readonly string[], asOf: Position): Map<string, string[]> {
    const found = new Map<string, string[]>();
    for (const source of new Set(sources)) {
      const targets = this.linkedAt(relation, source, asOf);
      if (targets.length > 0) found.set(source, targets);
    }
    return found;
  }

  reachableAt(relation: string, sources: readonly string[], asOf: Position, maxDepth?: number): Reached[] {
    const depthOf = new Map<string, number>();
    let frontier = [...new Set(sources)];
    for (let depth = 1; frontier.length > 0 && (maxDepth === undefined || depth <= maxDepth); depth++) {
      const next: string[] = [];
      for (const source of frontier) {
        for (const target of this.linkedAt(relation, source, asOf)) {
          if (depthOf.has(target)) continue;
          depthOf.set(target, depth);
          next.push(target);
        }
      }
      frontier = next;
    }
    return [...depthOf].map(([key, depth]) => ({ key, depth })).sort(byDepthThenKey);
  }

  findAt(index: string, query: IndexQuery, asOf: Position): string[] {
    const byKey = this.spans.get(index);
    if (!byKey || query.terms.length === 0) return [];
    const found: string[] = [];
    for (const key of [...byKey.keys()].sort()) {
      if (query.after !== undefined && key <= query.after) continue;
      if (query.keyPrefix !== undefined && !key.startsWith(query.keyPrefix)) continue;
      const held = byKey.get(key)!.filter((s) => s.from <= asOf && (s.to === null || s.to > asOf));
      if (!query.terms.every((term) => held.some((s) => s.term === term))) continue;
      if ((query.without ?? []).some((term) => held.some((s) => s.term === term))) continue;
      const time = held[0].time;
      if ((query.from !== undefined && time < query.from) || (query.to !== undefined && time >= query.to)) continue;
      found.push(key);
      if (found.length >= query.limit) break;
    }
    return found;
  }

  /** Every document version, link and index term, in a canonical order: what "equal read models" means. */
  dump(): { documents: string[]; links: string[] } {
    const documents: string[] = [];
    for (const [id, history] of this.versions) for (const v of history) documents.push(`${id}@${v.from}=${v.json}`);
    const links: string[] = [];
    for (const [relation, bySource] of this.links)
      for (const [source, targets] of bySource)
        for (const [target, at] of targets) links.push(`${relation}:${source}->${target}@${at}`);
    for (const [index, byKey] of this.spans)
      for (const [key, spans] of byKey) for (const s of spans) links.push(indexTermDump(index, s.term, key, s.from, s.to, s.time));
    return { documents: documents.sort(), links: links.sort() };
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function docKey(collection: string, key: string): string {
  return `${collection}\u0000${key}`;
}

/** One term span in a dump, the same for every read model (positions as `@N`): empty spans (taken and dropped at one position) included. */
export function indexTermDump(index: string, term: string, key: string, from: Position, to: Position | null, time: string): string {
  return `${index}#${term}->${key}@${from}..${to === null ? 'now' : `@${to}`}|${time}`;
}

export function byDepthThenKey(a: Reached, b: Reached): number {
  return a.depth - b.depth || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
