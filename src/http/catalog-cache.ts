import type { Context } from 'hono';
import type { AdminEnv, AppEnv } from '../env';
import { toBase64Url } from '../lib/encoding';
import { STORE_SETTING_BOUNDS } from '../lib/store-settings';
import { isDatabaseUnavailable } from '../db/sql/errors';
import type { MarketQueryValue } from '../schemas/market-query';
import { type CatalogRead, catalogTags, productChangeTags } from '../services/catalog/catalog-read';
import { shopperCountry } from './market';

/**
 * Edge caching of storefront catalog reads, in two layers:
 *
 * - **Workers Cache** (`[cache] enabled` in wrangler.toml) sits in front of
 *   the Worker in production: a hit never runs it. It obeys `Cache-Control`
 *   (with `stale-while-revalidate`) and is purged globally by `Cache-Tag`
 *   through `ctx.cache.purge`.
 * - **The in-Worker cache** (the Cache API, `caches.default`) serves where
 *   Workers Cache is absent: `wrangler dev`, the tests, a deployment without
 *   it. Its keys carry a per-store generation, itself a cache entry; an admin
 *   write replaces the generation, which orphans every entry of that store at
 *   once. The Cache API is per data centre, so elsewhere an entry lives until
 *   its max-age. It is skipped when Workers Cache is present: an entry left
 *   in one data centre would otherwise outlive a global purge and be cached
 *   again in front.
 *
 * Reads priced in a market (products, shipping rates, the market list) that
 * name neither `market` nor `currency` sell in the market of the shopper's
 * country. The in-Worker key then carries the country, and where the store
 * has markets by country the answer says `Vary: CF-IPCountry`; Workers Cache
 * keys by URL alone, so there such an answer is `private` rather than stored
 * for every country. Answers with an explicit market stay public.
 *
 * While the database is unavailable, both layers answer from what they hold
 * past its max-age (`stale-if-error`), rather than leave the storefront dark:
 * Workers Cache by the directive, the in-Worker layer by keeping its entries
 * that long and judging their freshness itself.
 */

const CACHE_ORIGIN = 'https://catalog-cache.internal';
/**
 * Part of every key, so that a deploy that changes a response's shape, or
 * how an entry is stored, never serves the old one. v2: entries carry the
 * time they were stored and outlive their max-age. v3: keys carry the
 * shopper's country where it picks the market.
 */
const SHAPE_VERSION = 'v3';
const GENERATION_LIFETIME_SECONDS = 86_400;

export const CATALOG_CACHE_DEFAULTS = {
  maxAgeSeconds: STORE_SETTING_BOUNDS.catalogCacheMaxAgeSeconds.default,
  staleWhileRevalidateSeconds: STORE_SETTING_BOUNDS.catalogCacheStaleWhileRevalidateSeconds.default,
} as const;
const MAX_LIFETIME_SECONDS = STORE_SETTING_BOUNDS.catalogCacheMaxAgeSeconds.max;

/**
 * How long past its max-age a catalog answer may stand in while the database
 * is unavailable: a day, because outages that matter (a provider's incident,
 * a failed migration) last hours, and a day-old page beats a dark
 * storefront. Serving it is safe: every admin change purges the pages it
 * touches, so what is served stale is what the store last published (only
 * availability may lag, as it may within max-age), and checkout prices and
 * reserves from the database, never from a page.
 */
const STALE_IF_ERROR_SECONDS = 86_400;

/**
 * Internal headers of an in-Worker entry: when it was stored, until when it
 * is fresh and until when it may stand in for an outage (epoch ms), and the
 * `Cache-Control` it is answered with.
 */
const STORED_AT_HEADER = 'X-Catalog-Stored-At';
const FRESH_UNTIL_HEADER = 'X-Catalog-Fresh-Until';
const STAND_IN_UNTIL_HEADER = 'X-Catalog-Stand-In-Until';
const ORIGINAL_CACHE_CONTROL_HEADER = 'X-Catalog-Cache-Control';
/** The answer's `Vary`, set aside in the entry: its key already holds what the answer varies by. */
const ORIGINAL_VARY_HEADER = 'X-Catalog-Vary';

/** What a market-priced answer varies by when the request names no market: the country Cloudflare saw. */
const COUNTRY_HEADER = 'CF-IPCountry';

function clampSeconds(value: number | undefined, fallback: number): number {
  return Number.isInteger(value) && value! >= 0 ? Math.min(value!, MAX_LIFETIME_SECONDS) : fallback;
}

/** How long a catalog answer may be kept, in seconds: fresh, then stale while revalidating or while the database is down. */
interface CatalogLifetimes {
  maxAge: number;
  staleWhileRevalidate: number;
  staleIfError: number;
}

/**
 * The lifetimes from the store's settings, with sane defaults, within the
 * read's `ceiling`, and never reaching past `freshForSeconds`: neither fresh
 * nor stale, whether to revalidate or because the database is down, may a
 * response outlive the moment a scheduled price takes effect.
 */
function catalogLifetimes(read: CatalogRead): CatalogLifetimes {
  const { settings, ceiling } = read;
  const limit = read.freshForSeconds ?? Number.POSITIVE_INFINITY;
  const maxAge = Math.min(
    clampSeconds(settings.catalogCacheMaxAgeSeconds, CATALOG_CACHE_DEFAULTS.maxAgeSeconds),
    ceiling?.maxAge ?? limit,
    limit,
  );
  const stale = Math.min(
    clampSeconds(settings.catalogCacheStaleWhileRevalidateSeconds, CATALOG_CACHE_DEFAULTS.staleWhileRevalidateSeconds),
    ceiling?.staleWhileRevalidate ?? limit,
    limit - maxAge,
  );
  return { maxAge, staleWhileRevalidate: stale, staleIfError: Math.min(STALE_IF_ERROR_SECONDS, limit - maxAge) };
}

/** `private` for an answer that a cache keyed by URL alone must not keep for everyone. */
function cacheControlOf(lifetimes: CatalogLifetimes, scope: 'public' | 'private' = 'public'): string {
  const { maxAge, staleWhileRevalidate, staleIfError } = lifetimes;
  return `${scope}, max-age=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}, stale-if-error=${staleIfError}`;
}

async function entityTag(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  return `"${toBase64Url(new Uint8Array(digest).slice(0, 18))}"`;
}

/** Whether `If-None-Match` names this entity tag (weak comparison, RFC 9110 13.1.2). */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** 304 Not Modified when the caller already holds this version; otherwise `response` itself. */
function conditional(c: Context<AppEnv>, response: Response): Response {
  const etag = response.headers.get('ETag');
  if (!etag || !matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return response;
  const headers = new Headers();
  for (const name of ['ETag', 'Cache-Control', 'Cache-Tag', 'Vary', 'X-Catalog-Cache']) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  // A stale answer's age tells any cache on the way that it is stale; a fresh one's 304 stays as it was.
  if (response.headers.get('X-Catalog-Cache') === 'stale') headers.set('Age', response.headers.get('Age')!);
  return new Response(null, { status: 304, headers });
}

/** Workers Cache's purge handle, where the runtime offers it (`[cache] enabled`, in production). */
function workersCache<E extends AppEnv>(c: Context<E>): CacheContext | undefined {
  return (c.executionCtx as ExecutionContext).cache;
}

/** The Cache API, where the runtime has it and Workers Cache does not stand in front. */
function inWorkerCache(c: Context<AppEnv>): Cache | undefined {
  if (workersCache(c) !== undefined || typeof caches === 'undefined' || c.env.CATALOG_CACHE === 'off') return undefined;
  return caches.default;
}

const generationKey = (storeSlug: string) => `${CACHE_ORIGIN}/generation/${encodeURIComponent(storeSlug)}`;

/**
 * The generations this isolate read or started lately, so that a hit costs
 * one Cache API lookup (the entry), not two. Its own writes replace them at
 * once; another isolate's write is seen within a second, well inside the
 * max-age an entry may outlive a write by in another data centre anyway.
 */
const recentGenerations = new Map<string, { generation: string; readAt: number }>();
const GENERATION_RECHECK_MS = 1_000;
const MAX_RECENT_GENERATIONS = 10_000;

/**
 * The store's current cache generation. A missing one (first use, or
 * evicted) is made fresh and stored before anything is read from the
 * database, so that no entry made from older data can be filed under it.
 */
async function currentGeneration(cache: Cache, storeSlug: string): Promise<string> {
  const recent = recentGenerations.get(storeSlug);
  if (recent && Date.now() - recent.readAt < GENERATION_RECHECK_MS) return recent.generation;
  const stored = await cache.match(generationKey(storeSlug));
  if (!stored) return startGeneration(cache, storeSlug);
  const generation = await stored.text();
  // Unless a write in this isolate started a newer one meanwhile, which this read may predate.
  if (recentGenerations.get(storeSlug) === recent) remember(storeSlug, generation);
  return generation;
}

function remember(storeSlug: string, generation: string): void {
  if (recentGenerations.size >= MAX_RECENT_GENERATIONS) recentGenerations.clear();
  recentGenerations.set(storeSlug, { generation, readAt: Date.now() });
}

async function startGeneration(cache: Cache, storeSlug: string): Promise<string> {
  const generation = crypto.randomUUID();
  await cache.put(
    generationKey(storeSlug),
    new Response(generation, { headers: { 'Cache-Control': `max-age=${GENERATION_LIFETIME_SECONDS}` } }),
  );
  remember(storeSlug, generation);
  return generation;
}

/**
 * The entry's key: the path and the query with its parameters sorted, under
 * the store's generation, and for a read whose market the shopper's country
 * picks, that country (`-`: unknown).
 */
function entryKey(requestUrl: string, generation: string, country: string | null): string {
  const url = new URL(requestUrl);
  url.searchParams.sort();
  const where = country === null ? '' : `/country:${country || '-'}`;
  return `${CACHE_ORIGIN}/${SHAPE_VERSION}/${generation}${where}${url.pathname}${url.search}`;
}

/**
 * For a read priced in a market (`market`: the request's market query), when
 * the request names none: the shopper's country, which picks it (`''` when
 * unknown). Null for reads whose answer is the same everywhere.
 */
function marketCountry(c: Context<AppEnv>, market: MarketQueryValue | undefined): string | null {
  if (!market || market.market !== undefined || market.currency !== undefined) return null;
  return shopperCountry(c) ?? '';
}

/**
 * An in-Worker entry as stored: the answer with the times it was stored, is
 * fresh until and may stand in until, and a `Cache-Control` that keeps it in
 * the Cache API for its max-age plus its stale-if-error window, the answer's
 * own `Cache-Control` set aside. Null when the answer may not be kept at all
 * (a price change is due now).
 */
function storedEntry(body: string, response: Response, lifetimes: CatalogLifetimes): Response | null {
  const keepSeconds = lifetimes.maxAge + lifetimes.staleIfError;
  if (keepSeconds <= 0) return null;
  const now = Date.now();
  const entry = new Response(body, response);
  entry.headers.set(STORED_AT_HEADER, String(now));
  entry.headers.set(FRESH_UNTIL_HEADER, String(now + lifetimes.maxAge * 1000));
  entry.headers.set(STAND_IN_UNTIL_HEADER, String(now + keepSeconds * 1000));
  entry.headers.set(ORIGINAL_CACHE_CONTROL_HEADER, response.headers.get('Cache-Control') ?? '');
  entry.headers.set('Cache-Control', `public, max-age=${keepSeconds}`);
  const vary = response.headers.get('Vary');
  if (vary) entry.headers.set(ORIGINAL_VARY_HEADER, vary);
  entry.headers.delete('Vary');
  return entry;
}

/** An entry the Cache API gave back, with the times it was stored at, is fresh until and may stand in until (epoch ms). */
interface Entry {
  response: Response;
  storedAt: number;
  freshUntil: number;
  standInUntil: number;
}

/** An entry's times; one missing its times (none should) reads as long expired, so it is never served. */
function readEntry(response: Response): Entry {
  const time = (header: string) => Number(response.headers.get(header)) || 0;
  return {
    response,
    storedAt: time(STORED_AT_HEADER),
    freshUntil: time(FRESH_UNTIL_HEADER),
    standInUntil: time(STAND_IN_UNTIL_HEADER),
  };
}

const isFresh = (entry: Entry) => Date.now() < entry.freshUntil;
const mayStandIn = (entry: Entry) => Date.now() < entry.standInUntil;

/** The entry as answered: its own `Cache-Control` back, the internal headers gone, and how it was served. */
function answerFrom(entry: Entry, served: 'hit' | 'stale'): Response {
  const response = new Response(entry.response.body, entry.response);
  response.headers.set('Cache-Control', response.headers.get(ORIGINAL_CACHE_CONTROL_HEADER) ?? '');
  const vary = response.headers.get(ORIGINAL_VARY_HEADER);
  if (vary) response.headers.set('Vary', vary);
  for (const internal of [
    ORIGINAL_CACHE_CONTROL_HEADER,
    ORIGINAL_VARY_HEADER,
    STORED_AT_HEADER,
    FRESH_UNTIL_HEADER,
    STAND_IN_UNTIL_HEADER,
  ]) {
    response.headers.delete(internal);
  }
  response.headers.set('X-Catalog-Cache', served);
  if (served === 'stale') {
    // Older than its max-age by definition; whole seconds round up past it, so any cache downstream sees it stale too.
    const maxAgeSeconds = Math.round((entry.freshUntil - entry.storedAt) / 1000);
    const age = Math.max(Math.ceil((Date.now() - entry.storedAt) / 1000), maxAgeSeconds + 1);
    response.headers.set('Age', String(age));
  }
  return response;
}

/**
 * Answers a storefront catalog read through the caches: a fresh hit costs
 * no database round trip; otherwise `load` runs (one round trip) and its
 * answer is stored. When `load` fails because the database is unavailable,
 * an entry past its max-age but within its stale-if-error window answers
 * instead, marked `X-Catalog-Cache: stale` with its `Age`; any other failure
 * is the caller's as before. Either way `If-None-Match` may turn it into a 304.
 * A read priced in a market passes the request's `market` query: see the
 * top of this file for what it changes.
 */
export async function serveCatalogRead(
  c: Context<AppEnv>,
  storeSlug: string,
  load: () => Promise<CatalogRead>,
  market?: MarketQueryValue,
): Promise<Response> {
  const cache = inWorkerCache(c);
  const country = marketCountry(c, market);
  const key = cache ? entryKey(c.req.url, await currentGeneration(cache, storeSlug), country) : undefined;
  const stored = cache && key ? await cache.match(key) : undefined;
  const entry = stored ? readEntry(stored) : undefined;
  // `catalogCacheHit` is for the access log (http/access-log.ts); a stale stand-in is a hit too.
  if (entry && isFresh(entry)) {
    c.set('catalogCacheHit', true);
    return conditional(c, answerFrom(entry, 'hit'));
  }
  c.set('catalogCacheHit', false);

  let read: CatalogRead;
  try {
    read = await load();
  } catch (error) {
    if (entry && mayStandIn(entry) && isDatabaseUnavailable(error)) {
      c.set('catalogCacheHit', true);
      return conditional(c, answerFrom(entry, 'stale'));
    }
    await entry?.response.body?.cancel();
    throw error;
  }
  await entry?.response.body?.cancel();

  const lifetimes = catalogLifetimes(read);
  const byCountry = country !== null && read.countryMarkets === true;
  const response = new Response(read.body, {
    status: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': cacheControlOf(lifetimes, byCountry && workersCache(c) ? 'private' : 'public'),
      'Cache-Tag': [catalogTags.store(read.storeId), ...read.tags].join(','),
      ETag: await entityTag(read.body),
      'X-Catalog-Cache': 'miss',
      ...(byCountry ? { Vary: COUNTRY_HEADER } : {}),
    },
  });
  // Awaited rather than left to waitUntil, so a read right after this one is a hit; it is a local write.
  const toStore = cache && key ? storedEntry(read.body, response, lifetimes) : null;
  if (cache && key && toStore) await cache.put(key, toStore);
  return conditional(c, response);
}

/**
 * A read that missed just before a write committed may store its older
 * answer at the edge just after the write's purge; purging once more a little
 * later removes it. Longer than a storefront read takes from its query to its
 * answer.
 */
const SECOND_PURGE_DELAY_MS = 5_000;

/**
 * After an admin write that changes what storefront reads show: starts a new
 * in-Worker generation for the store, and purges the tags from Workers Cache
 * where the runtime offers it, now and once more a moment later. A failed
 * purge is logged, never fails the write, which has already committed; the
 * entries then expire at their max-age.
 */
export async function purgeCatalog<E extends AppEnv>(
  c: Context<E>,
  store: { slug: string },
  tags: string[],
): Promise<void> {
  const log = (message: string, detail: unknown) =>
    console.error(
      JSON.stringify({
        level: 'error',
        message,
        requestId: c.var.requestId,
        store: store.slug,
        tags,
        detail: String(detail),
      }),
    );
  if (typeof caches !== 'undefined')
    await startGeneration(caches.default, store.slug).catch((error) =>
      log('catalog cache generation not renewed', error),
    );
  const edgeCache = workersCache(c);
  if (!edgeCache) return;
  const purge = () =>
    edgeCache.purge({ tags }).then(
      (result) => (result.success ? undefined : log('cache purge refused', JSON.stringify(result.errors))),
      (error) => log('cache purge failed', error),
    );
  await purge();
  c.executionCtx.waitUntil(new Promise((resolve) => setTimeout(resolve, SECOND_PURGE_DELAY_MS)).then(purge));
}

/** After an admin write to one product: its page and the store's product lists. */
export function purgeProduct(c: Context<AdminEnv>, productId: string): Promise<void> {
  return purgeCatalog(c, c.var.store, productChangeTags(c.var.store.id, productId));
}

/** After an admin write to the store's campaigns: the storefront's campaign lists and pages. */
export function purgeCampaigns(c: Context<AdminEnv>): Promise<void> {
  return purgeCatalog(c, c.var.store, [catalogTags.campaigns(c.var.store.id)]);
}

/** After an admin write that can change any catalog read of the store (options, categories, a bulk import). */
export function purgeStoreCatalog(c: Context<AdminEnv>): Promise<void> {
  return purgeCatalog(c, c.var.store, [catalogTags.store(c.var.store.id)]);
}
