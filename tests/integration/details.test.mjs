// get_details over MCP stdio and `trakt-mcp call` against the stand-in: the exact text block for a
// movie by slug, by IMDb id and by Trakt id, and for a show; the user's own state from history
// (plays), show progress, the watchlist and ratings; nulls left out; an unknown id named in a tool
// error that points to search; argument errors sent nowhere; structuredContent valid against the
// declared outputSchema; the upstream requests (summary first, then the user's state); no login.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, textOf, FORBIDDEN_WORDS, localDate, outputValidator } from './harness.mjs';
import { historyItems, watchlistItems } from '../standin/fixtures.mjs';

requireBinary();

// Requests besides the ones under test that a read cache may add (it asks Trakt what changed).
const CACHE_PATHS = new Set(['/sync/last_activities']);
const upstream = (log) => log.filter((e) => !CACHE_PATHS.has(e.path));

const call = (p, args) => p.callToolResult('get_details', args);

const HEAT_TEXT = [
  '[M] Heat (1995)',
  'Released: 1995-12-15',
  'Runtime: 170 min',
  'Genres: crime, drama, thriller',
  'Rating: 8.2/10 (12,345 votes)',
  'Status: released',
  'Ids: trakt 1234 · slug heat-1995 · imdb tt0113277',
  'You: not watched yet',
  'On your watchlist: no',
  'Your rating: 9/10',
  'Overview: Obsessive master thief Neil McCauley leads a top-notch crew on various daring heists throughout Los ' +
    'Angeles while determined detective Vincent Hanna pursues him without rest. Each man recognizes and respects ' +
    'the ability and the dedication of the other.',
].join('\n');

// The oracle for a movie's plays: the stand-in's own history.
function playsOf(traktId) {
  const plays = historyItems(600).filter((i) => i.type === 'movie' && i.movie.ids.trakt === traktId);
  return { count: plays.length, last: plays[0]?.watched_at };
}

test('get_details: declaration (required type and id, choices, hints)', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_details');
  assert.equal(tool.annotations.readOnlyHint, true);
  assert.deepEqual(tool.inputSchema.required, ['type', 'id']);
  assert.deepEqual(Object.keys(tool.inputSchema.properties).sort(), ['id', 'type']);
  assert.deepEqual(tool.inputSchema.properties.type.enum, ['movie', 'show']);
  assert.deepEqual(tool.inputSchema.properties.id.type, ['string', 'integer'], 'a Trakt id may come as a number');
  assert.equal(tool.outputSchema.type, 'object');
});

test('get_details: a movie by slug, the exact block, summary first then the user state at once', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_details');
  const validate = await outputValidator(tool);

  const r = await call(p, { type: 'movie', id: 'heat-1995' });
  assert.notEqual(r.isError, true, textOf(r));
  assert.equal(textOf(r), HEAT_TEXT);
  assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);

  const s = r.structuredContent;
  assert.ok(validate(s), JSON.stringify(validate.errors));
  assert.equal(s.type, 'movie');
  assert.equal(s.title, 'Heat');
  assert.deepEqual(s.ids, { trakt: 1234, slug: 'heat-1995', imdb: 'tt0113277', tmdb: 949 });
  assert.equal(s.runtime, 170);
  assert.deepEqual(s.genres, ['crime', 'drama', 'thriller']);
  assert.equal(s.rating, 8.23456);
  assert.equal(s.votes, 12345);
  assert.equal(s.certification, 'R');
  assert.ok(!('network' in s) && !('airs' in s), 'show fields are left out for a movie');
  assert.deepEqual(s.user, { watched: { plays: 0 }, on_watchlist: false, rating: 9, rated_at: '2026-10-30T20:15:00.000Z' });
  assert.doesNotMatch(JSON.stringify(s), /null/);

  const log = upstream(await w.standin.apiLog());
  assert.equal(log.length, 4, JSON.stringify(log));
  assert.equal(log[0].path, '/movies/heat-1995', 'the summary comes first');
  assert.deepEqual(Object.fromEntries(new URLSearchParams(log[0].query)), { extended: 'full' });
  const rest = Object.fromEntries(log.slice(1).map((e) => [e.path, Object.fromEntries(new URLSearchParams(e.query))]));
  assert.deepEqual(rest, {
    '/sync/history/movies/1234': { page: '1', limit: '1' },
    '/sync/watchlist/movies': { page: '1', limit: '250' },
    '/sync/ratings/movies': {},
  });
  assert.ok(log.every((e) => e.status === 200));
});

test('get_details: a movie by IMDb id and by Trakt id: plays, watchlist, rating from the user', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_details');
  const validate = await outputValidator(tool);

  // The Dark Knight: watched many times (history), rank 3 on the watchlist, rated 10.
  const dk = playsOf(6);
  assert.ok(dk.count > 1);
  assert.ok(watchlistItems().some((i) => i.type === 'movie' && i.movie.ids.trakt === 6));
  const byImdb = await call(p, { type: 'movie', id: 'tt0468569' });
  assert.notEqual(byImdb.isError, true, textOf(byImdb));
  assert.equal(textOf(byImdb), [
    '[M] The Dark Knight (2008)',
    'Released: 2008-07-16',
    'Runtime: 152 min',
    'Genres: action, crime, drama',
    'Rating: 8.9/10 (1 vote)',
    'Status: released',
    'Ids: trakt 6 · slug the-dark-knight-2008 · imdb tt0468569',
    `You: watched ${dk.count} times, last ${localDate(dk.last, 'UTC')}`,
    'On your watchlist: yes',
    'Your rating: 10/10',
    'Overview: Batman raises the stakes in his war on crime.',
  ].join('\n'));
  assert.deepEqual(byImdb.structuredContent.user,
    { watched: { plays: dk.count, last_watched_at: dk.last }, on_watchlist: true, rating: 10, rated_at: '2026-09-01T09:10:11.000Z' });
  assert.ok(validate(byImdb.structuredContent), JSON.stringify(validate.errors));

  // TRON: Legacy by Trakt id 1: on the watchlist, watched, not rated.
  const tron = playsOf(1);
  const byTrakt = await call(p, { type: 'movie', id: '1' });
  assert.notEqual(byTrakt.isError, true, textOf(byTrakt));
  const lines = textOf(byTrakt).split('\n');
  assert.equal(lines[0], '[M] TRON: Legacy (2010)');
  assert.ok(lines.includes(`You: watched ${tron.count} times, last ${localDate(tron.last, 'UTC')}`), lines.join('\n'));
  assert.ok(lines.includes('On your watchlist: yes'));
  assert.ok(lines.includes('Your rating: not rated'));
  assert.ok(lines.includes('Rating: 7.0/10 (111 votes)'));
  assert.ok(!('rating' in byTrakt.structuredContent.user));

  // The history request uses the Trakt id from the summary, whatever id was given.
  const history = upstream(await w.standin.apiLog()).filter((e) => e.path.startsWith('/sync/history/'));
  assert.deepEqual(history.map((e) => e.path), ['/sync/history/movies/6', '/sync/history/movies/1']);
});

test('get_details: nulls and Unicode: missing facts are left out, text on one line per fact', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_details');
  const validate = await outputValidator(tool);

  const untitled = await call(p, { type: 'movie', id: 'untitled-wachowski-project' });
  assert.notEqual(untitled.isError, true, textOf(untitled));
  const plays = playsOf(990003);
  assert.equal(textOf(untitled), [
    '[M] Untitled Wachowski Project',
    'Ids: trakt 990003 · slug untitled-wachowski-project',
    `You: watched ${plays.count} times, last ${localDate(plays.last, 'UTC')}`,
    'On your watchlist: yes',
    'Your rating: not rated',
  ].join('\n'));
  assert.doesNotMatch(JSON.stringify(untitled.structuredContent), /null/);
  assert.ok(validate(untitled.structuredContent), JSON.stringify(validate.errors));

  const amelie = await call(p, { type: 'movie', id: 'amelie-2001' });
  const lines = textOf(amelie).split('\n');
  assert.equal(lines[0], '[M] Amélie (2001)');
  assert.ok(lines.includes('Rating: 7.9/10 (2,345,678 votes)'));
  assert.ok(lines.includes('Your rating: 8/10'));
  assert.equal(lines.at(-1), "Overview: Amélie, une jeune serveuse du Café des 2 Moulins à Montmartre, décide de changer la vie des gens qui l entourent ☕.");
  assert.doesNotMatch(textOf(amelie), FORBIDDEN_WORDS);
});

// Blueprint-shaped progress, served through a stand-in fault rule (answered before any route), so
// the show block is checked exactly whatever the stand-in's own progress route serves.
const SEVERANCE_PROGRESS = {
  aired: 19, completed: 11, last_watched_at: '2026-11-19T00:30:00.000Z', reset_at: null,
  seasons: [], hidden_seasons: [],
  next_episode: { season: 2, number: 3, title: 'Who Is Alive?', ids: { trakt: 154997203, tvdb: null, imdb: null, tmdb: null } },
  last_episode: { season: 2, number: 2, title: 'Goodbye, Mrs. Selvig', ids: { trakt: 154997202, tvdb: null, imdb: null, tmdb: null } },
};

test('get_details: a show, the exact block with progress, network, air time and episodes', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_details');
  const validate = await outputValidator(tool);
  await w.standin.fault({ path: '/shows/154997/progress/watched', times: -1, action: 'respond', status: 200, body: SEVERANCE_PROGRESS });

  const r = await call(p, { type: 'show', id: 'severance' });
  assert.notEqual(r.isError, true, textOf(r));
  assert.equal(textOf(r), [
    '[TV] Severance (2022)',
    'Runtime: 50 min',
    'Genres: drama, mystery, science-fiction, thriller',
    'Rating: 8.7/10 (23,456 votes)',
    'Status: returning series',
    'Network: Apple TV+',
    'Airs: Friday 09:00 (America/New_York)',
    'Episodes: 19 aired',
    'Ids: trakt 154997 · slug severance · imdb tt11280740',
    'You: 11 of 19 episodes watched, next S02E03 - Who Is Alive?',
    'On your watchlist: yes',
    'Your rating: 9/10',
    'Overview: Mark leads a team of office workers whose memories have been surgically divided between their work and personal lives.',
  ].join('\n'));
  assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);
  const s = r.structuredContent;
  assert.ok(validate(s), JSON.stringify(validate.errors));
  assert.deepEqual(s.user, {
    progress: {
      aired: 19, completed: 11, last_watched_at: '2026-11-19T00:30:00.000Z',
      next_episode: { season: 2, number: 3, title: 'Who Is Alive?', ids: { trakt: 154997203 } },
      last_episode: { season: 2, number: 2, title: 'Goodbye, Mrs. Selvig', ids: { trakt: 154997202 } },
    },
    on_watchlist: true, rating: 9, rated_at: '2026-10-12T21:00:00.000Z',
  });
  assert.equal(s.first_aired, '2022-02-18T05:00:00.000Z');
  assert.doesNotMatch(JSON.stringify(s), /null/);

  const log = upstream(await w.standin.apiLog());
  assert.equal(log[0].path, '/shows/severance');
  assert.deepEqual(log.slice(1).map((e) => e.path).sort(),
    ['/shows/154997/progress/watched', '/sync/ratings/shows', '/sync/watchlist/shows']);
});

test('get_details: a show, with the stand-in own progress route', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_details');
  const validate = await outputValidator(tool);

  // The progress route belongs to get_up_next's stand-in work; the oracle reads it from there.
  const probe = await w.standin.request('GET', '/shows/154997/progress/watched', {
    headers: {
      'user-agent': 'trakt-mcp-integration-tests/1', 'trakt-api-key': 'standin-client-id', 'trakt-api-version': '2',
      authorization: `Bearer ${w.tokens.access_token}`,
    },
  });
  await w.standin.reset();
  if (probe.status === 404) {
    t.skip('the stand-in does not serve /shows/{id}/progress/watched yet');
    return;
  }
  assert.equal(probe.status, 200, probe.text);
  const progress = probe.json;

  const r = await call(p, { type: 'show', id: 'severance' });
  assert.notEqual(r.isError, true, textOf(r));
  let you;
  if (progress.completed === 0) you = 'You: not started';
  else if (progress.completed >= progress.aired) you = `You: all ${progress.aired} episodes watched, last ${localDate(progress.last_watched_at, 'UTC')}`;
  else {
    const n = progress.next_episode;
    you = `You: ${progress.completed} of ${progress.aired} episodes watched` +
      (n ? `, next S${String(n.season).padStart(2, '0')}E${String(n.number).padStart(2, '0')}${n.title ? ` - ${n.title}` : ''}` : '');
  }
  assert.equal(textOf(r), [
    '[TV] Severance (2022)',
    'Runtime: 50 min',
    'Genres: drama, mystery, science-fiction, thriller',
    'Rating: 8.7/10 (23,456 votes)',
    'Status: returning series',
    'Network: Apple TV+',
    'Airs: Friday 09:00 (America/New_York)',
    'Episodes: 19 aired',
    'Ids: trakt 154997 · slug severance · imdb tt11280740',
    you,
    'On your watchlist: yes',
    'Your rating: 9/10',
    'Overview: Mark leads a team of office workers whose memories have been surgically divided between their work and personal lives.',
  ].join('\n'));
  const s = r.structuredContent;
  assert.ok(validate(s), JSON.stringify(validate.errors));
  assert.equal(s.type, 'show');
  assert.equal(s.network, 'Apple TV+');
  assert.deepEqual(s.airs, { day: 'Friday', time: '09:00', timezone: 'America/New_York' });
  assert.equal(s.aired_episodes, 19);
  assert.equal(s.user.progress.aired, progress.aired);
  assert.equal(s.user.progress.completed, progress.completed);
  assert.equal(s.user.on_watchlist, true);
  assert.equal(s.user.rating, 9);
  assert.doesNotMatch(JSON.stringify(s), /null/);

  const log = upstream(await w.standin.apiLog());
  assert.equal(log[0].path, '/shows/severance');
  assert.deepEqual(log.slice(1).map((e) => e.path).sort(),
    ['/shows/154997/progress/watched', '/sync/ratings/shows', '/sync/watchlist/shows']);
});

test('get_details: a show with nothing known but its title, and a Unicode show', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  // Progress through fault rules, as above: nothing aired for Café, all of 進撃の巨人 seen.
  await w.standin.fault({ path: '/shows/990001/progress/watched', times: -1, action: 'respond', status: 200,
    body: { aired: 0, completed: 0, last_watched_at: null, reset_at: null, seasons: [], next_episode: null, last_episode: null } });
  await w.standin.fault({ path: '/shows/1420/progress/watched', times: -1, action: 'respond', status: 200,
    body: { aired: 89, completed: 89, last_watched_at: '2026-11-20T01:30:00.000Z', reset_at: null, seasons: [], next_episode: null } });
  const cafe = await call(p, { type: 'show', id: 'cafe' });
  assert.notEqual(cafe.isError, true, textOf(cafe));
  const lines = textOf(cafe).split('\n');
  assert.equal(lines[0], '[TV] Café 🎬');
  assert.deepEqual(lines, ['[TV] Café 🎬', 'Ids: trakt 990001 · slug cafe', 'You: not started', 'On your watchlist: no',
    'Your rating: not rated']);
  assert.ok(lines.every((l) => !/^(Runtime|Genres|Rating|Status|Network|Airs|Episodes|Overview):/.test(l)), lines.join('\n'));
  assert.doesNotMatch(textOf(cafe), FORBIDDEN_WORDS);

  const aot = await call(p, { type: 'show', id: 'tt2560140' });
  assert.notEqual(aot.isError, true, textOf(aot));
  const a = textOf(aot).split('\n');
  assert.equal(a[0], '[TV] 進撃の巨人 (2013)');
  assert.ok(a.includes('Network: NHK総合'));
  assert.ok(a.includes('Airs: Sunday 00:10 (Asia/Tokyo)'));
  assert.ok(a.includes('You: all 89 episodes watched, last 2026-11-20'), a.join('\n'));
  assert.ok(a.includes('On your watchlist: yes'));
  assert.ok(a.includes('Overview: 巨人がすべてを支配する世界。 巨人の餌と化した人類は、巨大な壁を築き、壁外への自由と引き換えに侵略を防いでいた。'));
});

test('get_details: a finished show and an unwatched show through the stand-in progress route', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  // Breaking Bad: all 62 episodes watched (upnext_fixtures.mjs), on the watchlist, rated 10.
  const bb = await call(p, { type: 'show', id: 'tt0903747' });
  assert.notEqual(bb.isError, true, textOf(bb));
  const lines = textOf(bb).split('\n');
  assert.deepEqual(lines.slice(-4), ['You: all 62 episodes watched, last 2026-11-20', 'On your watchlist: yes',
    'Your rating: 10/10', 'Overview: A high school chemistry teacher diagnosed with cancer turns to making crystal meth.']);
  assert.ok(lines.includes('Episodes: 62 aired'));
  // The stand-in answers 404 for the progress of a show nobody watched (Trakt: zero progress).
  await w.standin.fault({ path: '/shows/154997/progress/watched', times: 1, action: 'respond', status: 404, body: {} });
  const sev = await call(p, { type: 'show', id: 'severance' });
  assert.notEqual(sev.isError, true, textOf(sev));
  assert.ok(textOf(sev).split('\n').includes('You: not started'), textOf(sev));
  assert.deepEqual(sev.structuredContent.user.progress, { aired: 0, completed: 0 });
});

test('get_details: an unknown id is a tool error that names it and points to search', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const r = await call(p, { type: 'movie', id: 'heat-1996' });
  assert.equal(r.isError, true);
  assert.equal(textOf(r), 'Trakt has no movie with the id "heat-1996". Check the id and the type, or use search to ' +
    'find the title and its ids.');
  // A movie's id asked as a show is not found either.
  const show = await call(p, { type: 'show', id: 'heat-1995' });
  assert.equal(show.isError, true);
  assert.match(textOf(show), /no show with the id "heat-1995".*search/);
  const log = upstream(await w.standin.apiLog());
  assert.deepEqual(log.map((e) => [e.path, e.status]), [['/movies/heat-1996', 404], ['/shows/heat-1995', 404]],
    'nothing asked after the 404');
});

test('get_details: bad arguments are explained and nothing is sent', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const film = await call(p, { type: 'film', id: 'heat-1995' });
  assert.equal(film.isError, true);
  assert.match(textOf(film), /Invalid argument "type".*movie, show/);
  const noId = await call(p, { type: 'movie' });
  assert.equal(noId.isError, true);
  assert.match(textOf(noId), /id/);
  const fraction = await call(p, { type: 'movie', id: 12.5 });
  assert.equal(fraction.isError, true);
  assert.match(textOf(fraction), /Invalid argument "id": must be an id: a string or a whole number/);
  const title = await call(p, { type: 'movie', id: 'Heat (1995)' });
  assert.equal(title.isError, true);
  assert.equal(textOf(title), 'id "Heat (1995)" is not a Trakt id, slug or IMDb id (e.g. 1234, heat-1995, ' +
    'tt0113277). Use search to find the title and its ids.');
  const path = await call(p, { type: 'movie', id: '../users/me' });
  assert.equal(path.isError, true);
  assert.equal(upstream(await w.standin.apiLog()).length, 0);
});

test('get_details in a shell, and without a login', async (t) => {
  const w = await world(t);
  const ok = await w.run(['call', 'get_details', '--arg', 'type=movie', '--arg', 'id=heat-1995']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), HEAT_TEXT);
  // A Trakt id in a shell: --arg reads a bare number as a number, which an id accepts, and a
  // quoted one as a string.
  for (const id of ['id=1234', 'id="1234"']) {
    const byId = await w.run(['call', 'get_details', '--arg', 'type=movie', '--arg', id]);
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(byId.stdout.trim(), HEAT_TEXT);
  }

  const nobody = await world(t, { login: false });
  const r = await nobody.run(['call', 'get_details', '--arg', 'type=movie', '--arg', 'id=heat-1995']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /trakt-mcp login/);
});
