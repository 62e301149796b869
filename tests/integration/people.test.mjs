// get_related, get_people and discover's "(seen)" over MCP stdio against the stand-in (people_fixtures.mjs):
// exact lines computed from the fixtures (related titles with Trakt ids, a title's cast and key crew cut to the
// limit, a person's movie and show credits merged newest first), no login needed and none sent, the two credit
// lists asked together, 404s naming what was not found (and the kind to try for an id of the other kind), ids
// that are no ids refused before Trakt is asked, structuredContent valid against the derived outputSchema,
// readOnlyHint; with a login discover and get_related mark the titles the user watched, without one they ask
// nothing more.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  world, requireBinary, textOf, linesOf, FORBIDDEN_WORDS, apiRequests, logParams, outputValidator,
} from './harness.mjs';
import { SHOWS } from '../standin/fixtures.mjs';
import { CHARTS } from '../standin/chart_fixtures.mjs';
import { HEAT, WATCHED_MOVIES, titlePeople, relatedTitles, personCredits } from '../standin/people_fixtures.mjs';
import { watchedShows } from '../standin/upnext_fixtures.mjs';

requireBinary();

// --- the oracle: lines computed from Trakt's JSON, independently of the binary --------------

const grouped = (n) => n.toLocaleString('en-US');
const titled = (tag, t) => `${tag} ${t.title || 'Untitled'}${t.year != null ? ` (${t.year})` : ''}`;
const WATCHED_SHOW_IDS = new Set(watchedShows({}, new URLSearchParams('extended=noseasons')).map((w) => w.show.ids.trakt));
const WATCHED_MOVIE_IDS = new Set(WATCHED_MOVIES.map((w) => w.movie.ids.trakt));

function chartLine(item, kind, watched) {
  const t = item[kind] ?? item;
  let s = titled(kind === 'movie' ? '[M]' : '[TV]', t);
  if (watched && watched.has(t.ids.trakt)) s += ' (seen)';
  if (item.watchers != null) s += ` · ${grouped(item.watchers)} watching`;
  if (item.list_count != null) s += ` · on ${grouped(item.list_count)} ${item.list_count === 1 ? 'list' : 'lists'}`;
  if (t.ids.trakt != null) s += ` · trakt ${t.ids.trakt}`;
  return s;
}

const roles = (list) => (list ?? []).filter((x) => x.trim() !== '');
const personId = (p) => (p.ids.slug ? ` · person ${p.ids.slug}` : p.ids.trakt != null ? ` · person ${p.ids.trakt}` : '');
const castLine = (e) => {
  const chars = roles(e.characters);
  return `${e.person.name}${chars.length ? ` as ${chars.join(', ')}` : ''}${personId(e.person)}`;
};
const KEY_CREW = [['created by', 'Created by', 'Creator'], ['directing', 'Directed by', 'Director'], ['writing', 'Written by', 'Writer']];

function titlePeopleLines(people, limit) {
  const cast = people.cast.filter((e) => e.person);
  const lines = cast.slice(0, limit).map(castLine);
  let total = cast.length;
  for (const [department, label, own] of KEY_CREW) {
    const members = (people.crew[department] ?? []).filter((e) => e.person);
    total += members.length;
    for (const e of members.slice(0, limit)) {
      const other = e.jobs.filter((j) => j !== own);
      lines.push(`${label} ${e.person.name}${other.length ? ` (${other.join(', ')})` : ''}${personId(e.person)}`);
    }
  }
  return { lines, total };
}

function creditLines(credits, limit) {
  const out = [];
  const entryOf = (type, t) => {
    let c = out.find((x) => x.type === type && x.t.ids.trakt === t.ids.trakt);
    if (!c) out.push((c = { type, t, roles: [] }));
    return c;
  };
  for (const [type, list] of [['movie', credits.movies], ['show', credits.shows]]) {
    for (const e of list.cast) if (e[type]) entryOf(type, e[type]).roles.push(...roles(e.characters));
    for (const members of Object.values(list.crew)) {
      for (const e of members) {
        if (!e[type]) continue;
        const c = entryOf(type, e[type]);
        for (const j of e.jobs) if (!c.jobs?.includes(j)) (c.jobs ??= []).push(j);
      }
    }
  }
  const year = (c) => c.t.year ?? -Infinity;
  const sorted = out.map((c, i) => ({ c, i })).sort((a, b) => year(b.c) - year(a.c) || a.i - b.i).map((x) => x.c);
  const lines = sorted.slice(0, limit).map((c) => {
    const all = [...c.roles, ...(c.jobs ?? [])];
    return `${c.t.year != null ? `${c.t.year} ` : ''}${titled(c.type === 'movie' ? '[M]' : '[TV]', c.t)}` +
      `${all.length ? ` - ${all.join(', ')}` : ''} · trakt ${c.t.ids.trakt}`;
  });
  return { lines, total: out.length };
}

const skippedNote = (n) => `(${n} item${n === 1 ? '' : 's'} from Trakt could not be read and ${n === 1 ? 'was' : 'were'} left out.)`;

// --- helpers ---------------------------------------------------------------------------------

async function setup(t, { login } = {}) {
  const w = await world(t, login === false ? { login: false } : {});
  const p = await w.spawn();
  const tools = (await p.request('tools/list', {})).result.tools;
  const call = async (name, args) => {
    const r = await p.request('tools/call', { name, arguments: args });
    assert.ok(r.result, JSON.stringify(r));
    return r.result;
  };
  const tool = (name) => {
    const found = tools.find((x) => x.name === name);
    assert.ok(found, `${name} is listed`);
    return found;
  };
  return { w, p, call, tool };
}

async function assertValid(tool, result) {
  const validate = await outputValidator(tool);
  assert.ok(validate(result.structuredContent), JSON.stringify(validate.errors));
  assert.doesNotMatch(JSON.stringify(result.structuredContent), /null/);
}

// --- get_related -----------------------------------------------------------------------------

test('get_related: like Severance, no login: exact lines with Trakt ids, nothing marked, one public request', async (t) => {
  const { w, call, tool } = await setup(t, { login: false });
  assert.equal(tool('get_related').annotations.readOnlyHint, true);
  const r = await call('get_related', { type: 'show', id: 'severance' });
  assert.notEqual(r.isError, true, textOf(r));
  const served = relatedTitles('shows', 'severance').slice(0, 10);
  const readable = served.filter((x) => x.title);
  assert.deepEqual(linesOf(r), [...readable.map((x) => chartLine(x, 'show')), skippedNote(served.length - readable.length)]);
  assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);
  assert.equal(r.structuredContent.count, readable.length);
  assert.deepEqual(r.structuredContent.items[0].show.ids, { trakt: SHOWS.dark.ids.trakt, slug: 'dark', imdb: SHOWS.dark.ids.imdb, tmdb: SHOWS.dark.ids.tmdb, tvdb: SHOWS.dark.ids.tvdb });
  assert.ok(r.structuredContent.items.every((i) => !('seen' in i)), 'nothing marked without a login');
  await assertValid(tool('get_related'), r);

  const log = await w.standin.apiLog();
  const reqs = apiRequests(log, '/shows/severance/related');
  assert.equal(reqs.length, 1);
  assert.equal(logParams(reqs[0]).get('limit'), '10');
  assert.equal(log.filter((e) => e.path.startsWith('/sync/')).length, 0, 'no watched list asked without a login');
  assert.equal((await w.standin.stats()).last_headers.authorization, undefined, 'no login sent');
});

test('get_related: with a login, the titles the user watched are marked (seen); by IMDb id; limit is the page size', async (t) => {
  const { w, call, tool } = await setup(t);
  const r = await call('get_related', { type: 'show', id: SHOWS.severance.ids.imdb, limit: 3 });
  assert.notEqual(r.isError, true, textOf(r));
  const served = relatedTitles('shows', 'severance').slice(0, 3);
  assert.deepEqual(linesOf(r), served.map((x) => chartLine(x, 'show', WATCHED_SHOW_IDS)));
  assert.match(linesOf(r)[0], /^\[TV\] Dark \(2017\) \(seen\) · trakt 122531$/);
  assert.deepEqual(r.structuredContent.items.map((i) => i.seen), served.map((x) => WATCHED_SHOW_IDS.has(x.ids.trakt)));
  await assertValid(tool('get_related'), r);
  const reqs = apiRequests(await w.standin.apiLog(), `/shows/${SHOWS.severance.ids.imdb}/related`);
  assert.equal(logParams(reqs[0]).get('limit'), '3');

  const movies = await call('get_related', { type: 'movie', id: 1234 });
  assert.deepEqual(linesOf(movies), relatedTitles('movies', '1234').map((x) => chartLine(x, 'movie', WATCHED_MOVIE_IDS)));
});

test('get_related: an unknown id is an isError naming it; an id that is no id never reaches Trakt', async (t) => {
  const { w, call } = await setup(t, { login: false });
  const r = await call('get_related', { type: 'show', id: 'no-such-show' });
  assert.equal(r.isError, true);
  assert.equal(textOf(r), 'Trakt has no show with the id "no-such-show". Check the id and the type, or use search to find it and its ids.');
  const bad = await call('get_related', { type: 'movie', id: 'Heat (1995)' });
  assert.equal(bad.isError, true);
  assert.match(textOf(bad), /^id "Heat \(1995\)" is not a Trakt id, slug or IMDb id .*Use search/);
  assert.equal((await w.standin.apiLog()).filter((e) => e.path.startsWith('/movies/')).length, 0, 'not asked');
  const empty = await call('get_related', { type: 'show', id: 'attack-on-titan' });
  assert.equal(textOf(empty), 'Trakt lists no titles related to this show.');
});

// --- get_people ------------------------------------------------------------------------------

test("get_people: a show's cast then its creators, directors and writers, cut to the limit, without a login", async (t) => {
  const { w, call, tool } = await setup(t, { login: false });
  assert.equal(tool('get_people').annotations.readOnlyHint, true);
  const r = await call('get_people', { type: 'show', id: 'severance' });
  assert.notEqual(r.isError, true, textOf(r));
  const { lines, total } = titlePeopleLines(titlePeople('shows', 'severance'), 10);
  assert.deepEqual(linesOf(r), [...lines, `(Showing ${lines.length} of ${total}; a higher limit, up to 50, shows more.)`, skippedNote(1)]);
  assert.equal(linesOf(r)[0], 'Adam Scott as Mark Scout · person adam-scott');
  assert.ok(lines.includes('Ólafur Darri Ólafsson · person 99871'));
  assert.ok(lines.includes('Jen Tullock · person jen-tullock'), 'null characters: the name alone');
  assert.ok(lines.includes('Created by Dan Erickson · person dan-erickson'));
  assert.ok(lines.includes('Directed by Ben Stiller · person ben-stiller'));
  assert.ok(lines.includes('Written by Anna Ouyang Moench (Story) · person anna-ouyang-moench'));
  assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);
  const s = r.structuredContent;
  assert.equal(s.type, 'show');
  assert.equal(s.total, total);
  assert.equal(s.cast.length, 10);
  assert.deepEqual(s.cast[0], { person: { name: 'Adam Scott', ids: { trakt: 17436, slug: 'adam-scott', imdb: 'nm0779584' } }, characters: ['Mark Scout'], episode_count: 19 });
  assert.deepEqual(s.crew.map((c) => c.department), ['created by', 'directing', 'directing', 'writing', 'writing']);
  assert.equal(s.credits, undefined);
  await assertValid(tool('get_people'), r);
  assert.equal(apiRequests(await w.standin.apiLog(), '/shows/severance/people').length, 1);
  assert.equal((await w.standin.stats()).last_headers.authorization, undefined, 'no login sent');

  const all = await call('get_people', { type: 'show', id: 'severance', limit: 50 });
  assert.deepEqual(linesOf(all), [...titlePeopleLines(titlePeople('shows', 'severance'), 50).lines, skippedNote(1)]);
  assert.equal(apiRequests(await w.standin.apiLog(), '/shows/severance/people').length, 1, 'cached for the hour');
});

test("get_people: a movie's cast and crew; Unicode names", async (t) => {
  const { call, tool } = await setup(t);
  const r = await call('get_people', { type: 'movie', id: 'heat-1995' });
  assert.deepEqual(linesOf(r), [...titlePeopleLines(titlePeople('movies', 'heat-1995'), 10).lines, skippedNote(1)]);
  assert.ok(linesOf(r).includes('Written by Michael Mann (Screenplay) · person michael-mann'));
  await assertValid(tool('get_people'), r);
  const aot = await call('get_people', { type: 'show', id: SHOWS.aot.ids.trakt });
  assert.deepEqual(linesOf(aot), ['梶裕貴 as エレン・イェーガー (声) · person yuki-kaji']);
});

test("get_people: a person's movies and shows, asked together, merged newest first, titles without a year last", async (t) => {
  const { w, call, tool } = await setup(t, { login: false });
  const r = await call('get_people', { type: 'person', id: 'adam-scott' });
  assert.notEqual(r.isError, true, textOf(r));
  const { lines, total } = creditLines(personCredits('adam-scott'), 10);
  assert.deepEqual(linesOf(r), [...lines, skippedNote(1)]);
  assert.equal(lines[0], `2022 [TV] Severance (2022) - Mark Scout, Executive Producer · trakt ${SHOWS.severance.ids.trakt}`);
  assert.equal(lines.at(-1), '[M] Untitled Adam Scott Project · trakt 990110');
  const s = r.structuredContent;
  assert.equal(s.total, total);
  assert.deepEqual(s.credits[0], {
    type: 'show', title: 'Severance', year: 2022, ids: { trakt: 154997, slug: 'severance', imdb: 'tt11280740', tmdb: 95396, tvdb: 371980 },
    characters: ['Mark Scout'], jobs: ['Executive Producer'], episode_count: 19,
  });
  assert.equal(s.cast, undefined);
  await assertValid(tool('get_people'), r);
  const log = await w.standin.apiLog();
  assert.equal(apiRequests(log, '/people/adam-scott/movies').length, 1);
  assert.equal(apiRequests(log, '/people/adam-scott/shows').length, 1);

  const two = await call('get_people', { type: 'person', id: 'adam-scott', limit: 2 });
  assert.deepEqual(linesOf(two), [...creditLines(personCredits('adam-scott'), 2).lines,
    `(Showing 2 of ${total} titles, newest first; a higher limit, up to 50, shows more.)`, skippedNote(1)]);

  const ben = await call('get_people', { type: 'person', id: 7399 });
  assert.deepEqual(linesOf(ben), creditLines(personCredits('ben-stiller'), 10).lines);
  assert.equal(linesOf(ben)[1], '2001 [M] Zoolander (2001) - Derek Zoolander, Director, Screenplay, Story · trakt 4263');
  const kaji = await call('get_people', { type: 'person', id: 'yuki-kaji' });
  assert.deepEqual(linesOf(kaji), ['2013 [TV] 進撃の巨人 (2013) - エレン・イェーガー (声) · trakt 1420']);
  const none = await call('get_people', { type: 'person', id: 'nobody-yet' });
  assert.notEqual(none.isError, true);
  assert.equal(textOf(none), 'Trakt lists no movie or show credits for "nobody-yet".');
});

test('get_people: an id of the wrong kind or unknown says what was not found and what to try', async (t) => {
  const { w, call } = await setup(t, { login: false });
  const movie = await call('get_people', { type: 'movie', id: 'adam-scott' });
  assert.equal(movie.isError, true);
  assert.equal(textOf(movie), 'Trakt has no movie with the id "adam-scott". Check the id and the type, or use search to find '
    + 'it and its ids. If it names a person, use type person.');
  const person = await call('get_people', { type: 'person', id: 'severance' });
  assert.equal(person.isError, true);
  assert.equal(textOf(person), 'Trakt has no person with the id "severance". Check the id and the type, or use search to '
    + 'find it and its ids. If it names a movie or show, use that type.');
  const bad = await call('get_people', { type: 'show', id: '../sync/history' });
  assert.equal(bad.isError, true);
  assert.match(textOf(bad), /is not a Trakt id, slug or IMDb id/);
  assert.equal((await w.standin.apiLog()).filter((e) => !e.path.startsWith('/shows/severance') && !e.path.startsWith('/movies/adam-scott')
    && !e.path.startsWith('/people/severance')).length, 0, 'the id that is no id was not asked');
});

// --- discover: (seen) --------------------------------------------------------------------------

test('discover: logged in, the titles the user watched are marked (seen), from their watched list asked alongside', async (t) => {
  const { w, call, tool } = await setup(t);
  const r = await call('discover', { list: 'trending', type: 'shows', limit: 5 });
  assert.notEqual(r.isError, true, textOf(r));
  const served = CHARTS['shows/trending'].slice(0, 5).filter((i) => i.show);
  assert.deepEqual(linesOf(r), served.map((i) => chartLine(i, 'show', WATCHED_SHOW_IDS)));
  assert.ok(linesOf(r).some((l) => l.includes('(seen)')) && linesOf(r).some((l) => !l.includes('(seen)')));
  assert.deepEqual(r.structuredContent.items.map((i) => i.seen), served.map((i) => WATCHED_SHOW_IDS.has(i.show.ids.trakt)));
  await assertValid(tool('discover'), r);
  const watched = apiRequests(await w.standin.apiLog(), '/sync/watched/shows');
  assert.equal(watched.length, 1);
  assert.equal(logParams(watched[0]).get('extended'), 'noseasons');

  const movies = await call('discover', { list: 'popular', type: 'movies', limit: 4 });
  const popular = CHARTS['movies/popular'].slice(0, 4);
  assert.deepEqual(linesOf(movies), popular.map((i) => chartLine(i, 'movie', WATCHED_MOVIE_IDS)));
  assert.match(linesOf(movies)[0], /^\[M\] Heat \(1995\) \(seen\) · trakt 1234$/);
  assert.equal(apiRequests(await w.standin.apiLog(), '/sync/watched/movies').length, 1);
  assert.equal(HEAT.ids.trakt, 1234);
});

test('discover: without a login nothing is marked and no watched list is asked', async (t) => {
  const { w, call } = await setup(t, { login: false });
  const r = await call('discover', { list: 'trending', limit: 5 });
  assert.notEqual(r.isError, true, textOf(r));
  assert.deepEqual(linesOf(r), CHARTS['shows/trending'].slice(0, 5).filter((i) => i.show).map((i) => chartLine(i, 'show')));
  assert.ok(r.structuredContent.items.every((i) => !('seen' in i)));
  assert.equal((await w.standin.apiLog()).filter((e) => e.path.startsWith('/sync/')).length, 0);
});

test('discover: when the watched list fails, the chart still comes, unmarked, saying why', async (t) => {
  const { w, call } = await setup(t);
  await w.standin.fault({ path: '/sync/watched/shows', status: 500, times: 10 });
  const r = await call('discover', { list: 'trending', limit: 3 });
  assert.notEqual(r.isError, true, textOf(r));
  const lines = linesOf(r);
  assert.deepEqual(lines.slice(0, -1), CHARTS['shows/trending'].slice(0, 3).filter((i) => i.show).map((i) => chartLine(i, 'show')));
  assert.match(lines.at(-1), /^\(Your own titles could not be read, so none are marked: .*\)$/);
});
