// trakt-mcp's MCP App (trakt/ui/app.html) as a person sees it: Debian's headless chromium runs a
// host page built on the official AppBridge (@modelcontextprotocol/ext-apps, bundled by
// app_host/bundle.mjs), whose MCP requests go to the real binary over stdio through the official
// SDK Client (app_host/mcp_link.mjs), against the Trakt stand-in, which also serves the posters.
//
// For each of the six views: it shows the items the tool answered (checked against the stand-in's
// fixtures), every poster ends as a decoded picture or as colours (what the poster resource said),
// never a broken image, Tab walks every button in reading order with a visible focus ring, and the
// theme follows the host, light and dark (screenshots of both in docs/app/). Then the writes:
// "Mark watched" reaches the stand-in as exactly one POST and the row moves on; a failing write
// shows its error as text; a rating star and "Remove" do what they say. Last, the whole run's
// request log: the view's frame made no request at all and broke no CSP rule.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT, Standin, binEnv, makeHome } from '../integration/harness.mjs';
import { calendarItems, watchlistItems } from '../standin/fixtures.mjs';
import { searchResults } from '../standin/search_fixtures.mjs';
import { CHARTS } from '../standin/chart_fixtures.mjs';
import { POSTER_DIR } from '../standin/images.mjs';
import { buildHost } from './app_host/bundle.mjs';
import { connectBinary } from './app_host/mcp_link.mjs';

const CHROMIUM = process.env.TRAKT_MCP_CHROMIUM ?? '/usr/bin/chromium';
const HOST = 'http://trakt-host.test';
const SHOTS = path.join(REPO_ROOT, 'docs', 'app');
const T_UI = 30_000;

const titleOf = (it) => (it.movie ?? it.show ?? it.person ?? it).title ?? it.person?.name;

// Each view: the tool a host calls, its arguments (small, so a screenshot stays small) and the
// names it must show, from the stand-in's fixtures (up next: from the tool's own answer, as the
// binary works it out from watched progress; the page is to show what it was given).
const VIEWS = [
  { view: 'up-next', tool: 'get_up_next', args: { limit: 4 },
    names: (sc) => sc.items.map((i) => i.show.title) },
  { view: 'upcoming', tool: 'get_upcoming', args: { start_date: '2026-11-23', days: 2 },
    names: () => calendarItems('2026-11-23', 2).map((i) => i.show.title) },
  { view: 'watchlist', tool: 'get_watchlist', args: { limit: 8 },
    names: () => watchlistItems().slice(0, 8).map(titleOf) },
  { view: 'search', tool: 'search', args: { query: 'heat', limit: 6 },
    names: () => searchResults(['movie', 'show'], 'heat').slice(0, 6).map((r) => r[r.type].title) },
  { view: 'discover', tool: 'discover', args: { list: 'trending', type: 'shows', limit: 6 },
    names: () => CHARTS['shows/trending'].slice(0, 6).filter((i) => i.show).map(titleOf) },
  { view: 'details', tool: 'get_details', args: { type: 'show', id: 'severance' },
    names: () => ['Severance'] },
];

/** The items of a tool's structuredContent that can carry a poster, in the order shown. */
function itemsOf(view, sc) {
  if (view === 'details') return [sc];
  if (view === 'upcoming') return [...sc.episodes, ...sc.movies];
  if (view === 'search') return sc.results;
  return sc.items;
}

describe('MCP App views in chromium, through the official AppBridge and SDK client', () => {
  let standin, link, browser, page, frame, host, accessToken;
  const requests = []; // every request chromium made: {url, main: made by the host page's frame}
  const cspViolations = [];
  const pageErrors = [];

  const diag = () => `\n--- trakt-mcp stderr (tail):\n${link?.stderr().split('\n').slice(-25).join('\n')}`;

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} missing: install Debian's chromium (scripts/setup)`);
    let chromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch (e) {
      throw new Error(`playwright-core missing (${e.message}): run \`npm ci --prefix tests\``);
    }
    host = await buildHost();
    standin = await Standin.start();
    const tokens = await standin.login();
    accessToken = tokens.access_token;
    // Two titles without a picture (tests/standin/images.mjs): Breaking Bad has no poster at all
    // (a neutral fallback), The Dark Knight's image fails (its colours instead).
    await standin.config({ poster_missing: ['show-1'], poster_status: { 'movie-6': 404 } });
    const home = await makeHome(tokens);
    link = await connectBinary(binEnv({ standin, home, extra: { TRAKT_MEDIA_URL: standin.url } }));

    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, timeout: 30_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    const context = await browser.newContext({ viewport: { width: 640, height: 900 }, deviceScaleFactor: 1 });
    // The host page and its script come from memory; any other request is refused (and logged).
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.origin !== HOST) return route.abort('blockedbyclient');
      const js = u.pathname === '/host.js';
      return route.fulfill({ contentType: js ? 'text/javascript' : 'text/html; charset=utf-8', body: js ? host.js : host.html });
    });
    page = await context.newPage();
    page.on('request', (r) => requests.push({ url: r.url(), main: r.frame() === page.mainFrame() }));
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.exposeFunction('hostMcp', (method, params) => link.forward(method, params));
    await page.goto(`${HOST}/host.html`);
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await link?.close().catch(() => {});
    await standin?.stop();
  });

  /** Mounts the view of `tool` as a host does; waits until its posters settled. */
  async function mount(v, theme = 'light') {
    const mounted = await page.evaluate((a) => window.mountApp(a), { tool: v.tool, args: v.args, theme });
    frame = await (await page.$('#app')).contentFrame();
    assert.equal(await frame.evaluate(() => location.href), 'about:srcdoc');
    await frame.waitForFunction(() => document.querySelector('#content li, #content article, #content [role=alert]'),
      null, { timeout: T_UI });
    await frame.waitForFunction(() => !document.querySelector('.poster[data-state=loading]'), null, { timeout: T_UI });
    return mounted;
  }

  /** What each poster of the view ended as: {state, natural width of its img, background, label}. */
  const posterStates = () => frame.$$eval('#content .poster', (els) => els.map((el) => {
    const img = el.querySelector('img');
    return {
      state: el.dataset.state, imgWidth: img ? img.naturalWidth : null, alt: img ? img.alt : null, src: img ? img.src : null,
      background: getComputedStyle(el).backgroundImage, label: el.getAttribute('aria-label'),
    };
  }));

  /** Presses Tab from the top of the host page until focus leaves the view; returns what it met. */
  async function tabWalk(max) {
    await page.evaluate(() => document.activeElement?.blur());
    const seen = [];
    for (let i = 0; i < max + 1; i++) {
      await page.keyboard.press('Tab');
      const f = await frame.evaluate(() => {
        const el = document.activeElement;
        if (!document.hasFocus() || !el || el === document.body) return null;
        const all = [...document.querySelectorAll('button')];
        const cs = getComputedStyle(el);
        return {
          index: all.indexOf(el), tag: el.tagName, name: el.getAttribute('aria-label') || el.textContent,
          visible: el.matches(':focus-visible') && cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
        };
      });
      if (!f || (seen.length && f.index === seen[0].index)) break;
      seen.push(f);
    }
    return seen;
  }

  // Each button with its accessible name and the title of the item it belongs to.
  const buttons = () => frame.$$eval('#content button', (bs) => bs.map((b) => ({
    name: b.getAttribute('aria-label') || b.textContent, text: b.textContent,
    title: (b.closest('li')?.querySelector('h2') ?? document.querySelector('h1')).textContent })));

  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };

  for (const v of VIEWS) {
    it(`${v.view}: shows its items, posters or colours, every button by Tab, light and dark`, async () => {
      const mounted = await mount(v);

      // The protocol side, as the host found it.
      assert.equal(mounted.uri, `ui://trakt/${v.view}.html`);
      assert.equal(mounted.toolMeta['ui/resourceUri'], mounted.uri, 'the older flat key too');
      assert.deepEqual(mounted.csp, { connectDomains: [], resourceDomains: [] }, 'the page loads nothing');
      assert.equal(mounted.resourceMeta.ui.prefersBorder, true);
      assert.equal(await frame.evaluate(() => document.documentElement.dataset.view), v.view);
      assert.ok(!mounted.result.isError, JSON.stringify(mounted.result) + diag());
      for (const c of mounted.result.content) assert.doesNotMatch(c.text ?? '', /trakt:\/\/poster/, 'no poster URI in the text');

      // Its items: the names the fixtures (or the answer) hold, in order.
      const sc = mounted.result.structuredContent;
      const expected = v.names(sc);
      assert.ok(expected.length > 0);
      const shown = v.view === 'details'
        ? [await frame.textContent('h1')]
        : await frame.$$eval('#content > ul > li h2', (hs) => hs.map((x) => x.textContent));
      assert.deepEqual(shown, expected);
      if (v.view === 'details') {
        assert.ok((await frame.textContent('#content')).includes(sc.overview));
        assert.match(await frame.textContent('#content'), /Your rating: 9\/10/);
        assert.match(await frame.textContent('#content'), /On your watchlist/);
      }

      // Posters: each as the poster resource says (read here by the test too): a picture that
      // decodes, or the title's colours, or a neutral gradient; never an image that failed.
      const items = itemsOf(v.view, sc);
      const states = await posterStates();
      assert.equal(states.length, items.length);
      let pictures = 0;
      const wornBy = new Map(); // picture -> the poster ref that showed it
      for (const [i, it] of items.entries()) {
        const s = states[i];
        assert.notEqual(s.imgWidth, 0, `poster ${i} is a broken image`);
        if (!it.poster) { assert.equal(s.state, 'none'); continue; }
        assert.match(it.poster, /^trakt:\/\/poster\/(movie|show)\/\d+$/);
        let said;
        try { said = (await link.client.readResource({ uri: it.poster })).contents[0]; } catch { said = null; }
        if (said?.blob) {
          assert.equal(s.state, 'image', `poster ${it.poster}`);
          assert.ok(s.imgWidth > 0, `poster ${it.poster} decodes`);
          assert.equal(s.alt, `Poster of ${titleOf(it)}`);
          // The picture is the title's own poster (the stand-in draws one per fixture title,
          // <kind>-<id>.webp), not another title's.
          const [, kind, id] = /^trakt:\/\/poster\/(movie|show)\/(\d+)$/.exec(it.poster);
          const own = fs.readFileSync(path.join(POSTER_DIR, `${kind}-${id}.webp`)).toString('base64');
          assert.equal(said.blob, own, `${it.poster} (${titleOf(it)}) reads its own poster`);
          assert.equal(s.src, `data:image/webp;base64,${own}`, `${titleOf(it)} wears its own poster`);
          const other = wornBy.get(own);
          assert.ok(other === undefined || other === it.poster, `${titleOf(it)} wears the poster of ${other}`);
          wornBy.set(own, it.poster);
          pictures++;
        } else {
          const colors = said ? JSON.parse(said.text).colors : [];
          assert.equal(s.state, colors.length ? 'colors' : 'none', `poster ${it.poster}: ${JSON.stringify(said)}`);
          assert.match(s.background, /linear-gradient/);
          assert.match(s.label, /^No poster for /);
        }
      }
      assert.ok(pictures > 0, 'at least one poster of the view is a picture');
      if (v.view === 'watchlist') {
        const byTitle = (t) => states[items.findIndex((it) => titleOf(it) === t)].state;
        assert.deepEqual([byTitle('TRON: Legacy'), byTitle('The Dark Knight'), byTitle('Breaking Bad')],
          ['image', 'colors', 'none'], 'a picture, the colours of a title whose image fails, neutral for none');
      }

      // Keyboard: Tab from the top meets every button, in reading order, each with a focus ring.
      const all = await buttons();
      assert.ok(all.length > 0);
      const walk = await tabWalk(all.length);
      assert.deepEqual(walk.map((f) => f.index), all.map((_, i) => i), JSON.stringify(walk));
      for (const f of walk) assert.ok(f.visible, `no visible focus ring on ${f.name}`);
      for (const b of all) assert.ok(b.name.includes(b.title) && b.name !== b.text, `"${b.name}" names "${b.title}"`);
      if (v.view === 'up-next') {
        const first = sc.items[0];
        const code = `S${String(first.episode.season).padStart(2, '0')}E${String(first.episode.number).padStart(2, '0')}`;
        assert.equal(all[0].name, `Mark ${first.show.title} ${code} watched`);
      }

      // The host's size: the iframe is as tall as the content said.
      assert.ok(await page.evaluate(() => window.lastHeight()) > 100);

      // Light, then dark from ui/notifications/host-context-changed.
      const bg = () => frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.ok(luminance(await bg()) > 0.8, 'light background');
      await page.locator('#app').screenshot({ path: path.join(SHOTS, `${v.view}-light.png`) });
      await page.evaluate(() => window.setHostTheme('dark'));
      await frame.waitForFunction(() => document.documentElement.dataset.theme === 'dark', null, { timeout: T_UI });
      assert.ok(luminance(await bg()) < 0.2, 'dark background');
      await page.locator('#app').screenshot({ path: path.join(SHOTS, `${v.view}-dark.png`) });
    });
  }

  /** The stand-in's API log entries after `from`. */
  const logSince = async (from) => (await standin.apiLog()).slice(from);
  const logLength = async () => (await standin.apiLog()).length;

  it('up-next: "Mark watched" is one POST /sync/history and the row moves to the next episode', async () => {
    const v = VIEWS[0];
    const { result } = await mount(v);
    const first = result.structuredContent.items[0];
    const code = (e) => `S${String(e.season).padStart(2, '0')}E${String(e.number).padStart(2, '0')}`;
    const label = `Mark ${first.show.title} ${code(first.episode)} watched`;
    const row = frame.locator(`li[data-key="show:${first.show.ids.trakt}"]`);
    const callsBefore = link.calls.length;
    const from = await logLength();

    await standin.config({ delay_ms: 400 }); // long enough to see the button at work
    await frame.getByRole('button', { name: label }).click();
    await frame.locator('button', { hasText: 'Marking…' }).waitFor({ timeout: T_UI });
    assert.equal(await frame.locator('button', { hasText: 'Marking…' }).isDisabled(), true);
    await row.locator('.msg.ok').filter({ hasText: /\S/ }).waitFor({ timeout: T_UI });
    await standin.config({ delay_ms: 0 });

    const posts = (await logSince(from)).filter((e) => e.method === 'POST');
    assert.deepEqual(posts.map((e) => e.path), ['/sync/history'], JSON.stringify(posts));

    // What the view asked the host: mark_watched with the episode by its Trakt id, then up next again.
    const asked = link.calls.slice(callsBefore).filter((c) => c.method === 'tools/call');
    assert.deepEqual(asked.map((c) => c.params.name), ['mark_watched', 'get_up_next']);
    assert.deepEqual(asked[0].params.arguments.items,
      [{ type: 'episode', ids: { trakt: first.episode.ids.trakt }, title: `${first.show.title} ${code(first.episode)}` }]);
    assert.deepEqual(asked[1].params.arguments, v.args);
    const answer = asked[0].result.content.map((c) => c.text).join('\n').trim();
    assert.equal(asked[0].result.isError ?? false, false, answer);
    assert.equal(await row.locator('.msg.ok').textContent(), answer);

    // The row now names the episode Trakt (the stand-in) says is next, and keeps the focus.
    const progress = (await standin.api(`/shows/${first.show.ids.trakt}/progress/watched`, accessToken)).json;
    assert.ok(progress.next_episode, 'the stand-in has a next episode');
    assert.match(await row.locator('.code').textContent(), new RegExp(`^${code(progress.next_episode)}$`));
    assert.notEqual(code(progress.next_episode), code(first.episode));
    assert.equal(await frame.evaluate(() => document.activeElement?.textContent), 'Mark watched');
  });

  it('up-next: a write that fails shows its error text and leaves the row as it was', async () => {
    const v = VIEWS[0];
    const { result } = await mount(v);
    const first = result.structuredContent.items[0];
    const code = `S${String(first.episode.season).padStart(2, '0')}E${String(first.episode.number).padStart(2, '0')}`;
    const row = frame.locator(`li[data-key="show:${first.show.ids.trakt}"]`);
    const callsBefore = link.calls.length;
    await standin.fault({ path: '/sync/history', method: 'POST', times: -1, action: 'respond', status: 503, body: {} });
    try {
      await frame.getByRole('button', { name: `Mark ${first.show.title} ${code} watched` }).click();
      const alert = row.locator('[role=alert]');
      await alert.waitFor({ timeout: 120_000 });
      const call = link.calls.slice(callsBefore).find((c) => c.params?.name === 'mark_watched');
      const said = call.error ?? call.result.content.map((c) => c.text).join('\n').trim();
      assert.ok(call.error || call.result.isError, 'the tool failed');
      assert.ok((await alert.textContent()).length > 0);
      assert.ok(said.includes(await alert.textContent()) || (await alert.textContent()).includes(said.trim()),
        `shown "${await alert.textContent()}", tool said "${said}"`);
      assert.equal(await row.locator('.code').textContent(), code, 'the row did not move on');
      const btn = row.getByRole('button', { name: `Mark ${first.show.title} ${code} watched` });
      assert.equal(await btn.isEnabled(), true, 'the button works again');
      assert.equal(await btn.textContent(), 'Mark watched');
    } finally {
      await standin.control('DELETE', '/__standin/faults');
    }
  });

  it('details: a rating star is one POST /sync/ratings and the card shows the new rating', async () => {
    await mount(VIEWS[5]);
    const from = await logLength();
    await frame.getByRole('button', { name: 'Rate Severance 7 out of 10' }).click();
    await frame.locator('[data-rating="7"][aria-pressed="true"]').waitFor({ timeout: T_UI });
    const posts = (await logSince(from)).filter((e) => e.method === 'POST');
    assert.deepEqual(posts.map((e) => e.path), ['/sync/ratings']);
    assert.match(await frame.textContent('#content'), /Your rating: 7\/10/);
    assert.equal(await frame.locator('.stars .on').count(), 7);
    const rated = (await standin.api('/sync/ratings/shows', accessToken)).json.find((r) => r.show.ids.trakt === 154997);
    assert.equal(rated.rating, 7);
  });

  it('watchlist: "Remove" is one POST /sync/watchlist/remove and offers adding back', async () => {
    await mount(VIEWS[2]);
    const first = watchlistItems()[0];
    const from = await logLength();
    await frame.getByRole('button', { name: `Remove ${first.movie.title} from your watchlist` }).click();
    await frame.getByRole('button', { name: `Add ${first.movie.title} to your watchlist` }).waitFor({ timeout: T_UI });
    const posts = (await logSince(from)).filter((e) => e.method === 'POST');
    assert.deepEqual(posts.map((e) => e.path), ['/sync/watchlist/remove']);
    const left = (await standin.api('/sync/watchlist', accessToken)).json;
    assert.ok(!left.some((i) => i.movie?.ids.trakt === first.movie.ids.trakt), 'gone from the stand-in');
  });

  it('the view made no request of its own and broke no CSP rule; the host page loaded only itself', async () => {
    await page.evaluate(() => window.unmountApp());
    const fromView = requests.filter((r) => !r.main && !r.url.startsWith('data:'));
    assert.deepEqual(fromView, [], 'requests from the view frame');
    const fromHost = [...new Set(requests.filter((r) => r.main).map((r) => r.url))].sort();
    assert.deepEqual(fromHost, [`${HOST}/host.html`, `${HOST}/host.js`]);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});
