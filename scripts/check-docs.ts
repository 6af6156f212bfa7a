/**
 * `npm run check:docs`: the API reference at /docs, used as a person would,
 * in headless Chromium.
 *
 * Starts `npm run dev` (scripts/dev-server.ts: its own process group, free
 * ports, a throwaway PGlite with the demo stores), opens /docs and
 * checks that (a) the reference renders its operations, (b) its search finds
 * "checkout", and (c) try-it on the storefront product list sends
 * GET /v1/stores/balsamoa/products to this origin, which answers 200, and
 * shows 200 in its response panel. A request the page makes to any other
 * origin (a CDN, a font, telemetry, Scalar's proxy) fails the check: the
 * page must work offline. On failure it keeps a screenshot and the dev log
 * in a temp folder, says where, and exits 1.
 *
 * Chromium is Debian's (`apt-get install chromium`), at /usr/bin/chromium
 * or CHROMIUM_PATH, driven by playwright-core; Playwright's own browser
 * download is never used. The selectors are the accessible names of the
 * pinned @scalar/api-reference version: a Scalar upgrade re-runs this.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type DevServer, startDevServer } from './dev-server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The seeded demo store that the document gives as the `{store}` example. */
const DEMO_STORE = 'balsamoa';
const PRODUCT_LIST = '/v1/stores/{store}/products';
const STEP_TIMEOUT_MS = 30_000;

const started = Date.now();
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

class CheckFailed extends Error {}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

/** Runs one named check, printing it with its time when it passes. */
async function check<T>(name: string, run: () => Promise<T>): Promise<T> {
  const since = Date.now();
  const result = await run();
  console.log(`[check:docs] ok  ${name} (${seconds(since)})`);
  return result;
}

/** (a) The reference renders: its title, and the tags in the sidebar under their groups, one group opened. */
async function checkRenders(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Edge Commerce API', level: 1 }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const sidebar = page.getByRole('complementary', { name: /^Sidebar for / });
  await sidebar.getByRole('link', { name: 'Storefront catalog', exact: true }).waitFor();
  for (const group of ['Accounts', 'Admin', 'Service']) {
    await sidebar.getByRole('link', { name: group, exact: true }).waitFor();
  }
  await sidebar.getByRole('button', { name: 'Open Group - Admin', exact: true }).click();
  await sidebar.getByRole('link', { name: 'Orders', exact: true }).waitFor();
}

/** (b) Search, opened with its shortcut, finds the checkout operation and goes to it. */
async function checkSearch(page: Page): Promise<void> {
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search' });
  await dialog.getByRole('combobox', { name: 'Enter search query' }).fill('checkout');
  const results = dialog.getByRole('listbox', { name: 'Reference Search Results' });
  const checkout = results.getByRole('option', { name: /Path: \/v1\/stores\/\{store\}\/checkout$/ });
  await checkout.waitFor();
  await checkout.click();
  await page.waitForURL(/#tag\/storefront-checkout\/POST\/v1\/stores\/\{store\}\/checkout$/);
}

/** (c) Try-it on the product list: the demo store prefilled, the request to this origin, 200 shown. */
async function checkTryIt(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/docs#tag/storefront-catalog/GET${PRODUCT_LIST}`);
  await page.getByRole('button', { name: `Test Request (get ${PRODUCT_LIST})` }).click();
  const client = page.getByRole('dialog', { name: 'API Client' });
  const store = client.getByRole('row', { name: /^Include store in request/ }).getByRole('combobox', { name: 'Value' });
  assert(
    (await store.textContent())?.trim() === DEMO_STORE,
    `try-it's {store} is '${await store.textContent()}', not the demo store '${DEMO_STORE}'`,
  );
  const answered = page.waitForResponse(
    (response) => new URL(response.url()).pathname === `/v1/stores/${DEMO_STORE}/products`,
  );
  await client.getByRole('button', { name: /^Send get request to / }).click();
  const response = await answered;
  const url = new URL(response.url());
  assert(url.origin === origin, `try-it sent its request to ${url.origin}, not to ${origin}`);
  assert(response.request().method() === 'GET', `try-it sent ${response.request().method()}, not GET`);
  assert(response.status() === 200, `GET ${url.pathname}${url.search} answered ${response.status()}`);
  await client.getByRole('region', { name: 'Response' }).getByRole('link', { name: '200 OK' }).waitFor();
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    console.error(`[check:docs] no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    return 1;
  }
  let dev: DevServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  try {
    dev = await check('npm run dev answers /health', startDevServer);
    const origin = dev.url;
    browser = await chromium.launch({ executablePath: CHROMIUM });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Context-wide, so that pop-ups count too. data: and blob: URLs never leave the page.
    const foreign: string[] = [];
    const pageErrors: string[] = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:') foreign.push(request.url());
    });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const current = page;

    await check('GET /docs renders the reference (title, tag groups and tags in the sidebar)', async () => {
      const response = await current.goto(`${origin}/docs`);
      assert(response?.status() === 200, `GET /docs answered ${response?.status()}`);
      await checkRenders(current);
    });
    await check('GET /docs/ redirects to /docs', async () => {
      const response = await current.request.get(`${origin}/docs/`, { maxRedirects: 0 });
      const location = response.headers().location ?? '';
      assert(
        response.status() === 307 && new URL(location, origin).pathname === '/docs',
        `GET /docs/ answered ${response.status()} ${location}`,
      );
    });
    await check('search (Ctrl+K) finds "checkout" and opens POST /v1/stores/{store}/checkout', () =>
      checkSearch(current),
    );
    await check(`try-it: GET /v1/stores/${DEMO_STORE}/products to ${origin}, 200 in the response panel`, () =>
      checkTryIt(current, origin),
    );
    await check('no request to another origin, no uncaught error in the page', async () => {
      assert(foreign.length === 0, `the page asked another origin for:\n  ${foreign.join('\n  ')}`);
      assert(pageErrors.length === 0, `uncaught errors in the page:\n  ${pageErrors.join('\n  ')}`);
    });
  } catch (error) {
    console.error(`[check:docs] FAILED: ${error instanceof CheckFailed ? error.message : error}`);
    if (page) {
      const screenshot = join(mkdtempSync(join(tmpdir(), 'check-docs-')), 'failure.png');
      await page.screenshot({ path: screenshot, fullPage: false }).catch(() => undefined);
      console.error(`[check:docs] screenshot: ${screenshot}`);
    }
    const log = dev?.output().split('\n').slice(-30).join('\n');
    if (log) console.error(`[check:docs] last lines of npm run dev:\n${log}`);
    return 1;
  } finally {
    await browser?.close();
    await dev?.stop();
  }
  console.log(`[check:docs] passed in ${seconds(started)}`);
  return 0;
}

process.exitCode = await main();
