// The read cache, seen from outside: the real binary over stdio against the stand-in, counting
// the requests the stand-in received. The same question asked twice costs exactly one upstream
// request the second time (/sync/last_activities); a change made elsewhere (the stand-in moves
// last_activities) is seen at once; public data (search) is reused without any request; and a
// question that reads many lists (get_up_next) still checks last_activities only once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, textOf } from './harness.mjs';

requireBinary();

// The requests the stand-in received while `fn` ran.
async function requestsDuring(w, fn) {
  const before = (await w.standin.apiLog()).length;
  const out = await fn();
  const log = await w.standin.apiLog();
  return { out, paths: log.slice(before).map((e) => e.path) };
}

async function ask(p, name, args = {}) {
  const r = await p.request('tools/call', { name, arguments: args });
  assert.ok(r.result && !r.result.isError, JSON.stringify(r));
  return textOf(r.result);
}

for (const [name, args, list] of [
  ['get_watchlist', {}, '/sync/watchlist'],
  ['get_history', { limit: 300 }, '/sync/history'],
  ['get_upcoming', { days: 14 }, '/calendars/my/shows'],
  ['get_stats', {}, '/users/me/stats'],
]) {
  test(`${name}: asked twice, the second time costs one last_activities request`, async (t) => {
    const w = await world(t);
    const p = await w.spawn();
    const first = await requestsDuring(w, () => ask(p, name, args));
    assert.ok(first.paths.some((x) => x.startsWith(list)), `the first answer reads ${list}: ${first.paths}`);
    const second = await requestsDuring(w, () => ask(p, name, args));
    assert.deepEqual(second.paths, ['/sync/last_activities']);
    assert.equal(second.out, first.out, 'the same answer');
  });
}

test('a change made elsewhere is seen at once', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const first = await requestsDuring(w, () => ask(p, 'get_history', { limit: 5 }));
  // Someone watches something on another device: Trakt moves episodes.watched_at.
  await w.standin.control('POST', '/__standin/activity', { fields: ['episodes.watched_at'] });
  const second = await requestsDuring(w, () => ask(p, 'get_history', { limit: 5 }));
  assert.deepEqual(second.paths, ['/sync/last_activities', ...first.paths.filter((x) => x !== '/sync/last_activities')]);
  // A change that history does not depend on keeps it.
  await w.standin.control('POST', '/__standin/activity', { fields: ['movies.rated_at'] });
  const third = await requestsDuring(w, () => ask(p, 'get_history', { limit: 5 }));
  assert.deepEqual(third.paths, ['/sync/last_activities']);
  // And the data really is new when the stand-in's data changes (its config moves every activity).
  await w.standin.config({ history_items: 3 });
  const fourth = await requestsDuring(w, () => ask(p, 'get_history', { limit: 5 }));
  assert.equal(fourth.out.split('\n').length, 3, fourth.out);
});

test('search (public data) asked twice costs nothing the second time', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const first = await requestsDuring(w, () => ask(p, 'search', { query: 'heat' }));
  assert.ok(first.paths.length >= 1);
  assert.ok(!first.paths.includes('/sync/last_activities'), 'public data needs no activity check');
  const second = await requestsDuring(w, () => ask(p, 'search', { query: 'heat' }));
  assert.deepEqual(second.paths, []);
  assert.equal(second.out, first.out);
});

test('get_up_next reads many lists and checks last_activities once per question', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const first = await requestsDuring(w, () => ask(p, 'get_up_next', {}));
  assert.equal(first.paths.filter((x) => x === '/sync/last_activities').length, 1, String(first.paths));
  assert.ok(first.paths.filter((x) => x.endsWith('/progress/watched')).length >= 2);
  const second = await requestsDuring(w, () => ask(p, 'get_up_next', {}));
  assert.deepEqual(second.paths, ['/sync/last_activities']);
  assert.equal(second.out, first.out);
});
