// Self-test of the stand-in's personal lists (lists.mjs): `node --test tests/standin/lists.test.mjs`.
// Talks HTTPS to a real stand-in process, as writes.test.mjs does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SelfTestStandin } from './selftest.mjs';

const CLIENT_ID = 'standin-client-id';
let main;
const control = (method, p, body) => main.request(method, p, { body });
const reset = () => control('POST', '/__standin/reset', {});

async function client(username = 'standin-user') {
  const tok = (await control('POST', '/__standin/login', { username })).json.access_token;
  const headers = { 'User-Agent': 'standin-test/1.0', 'trakt-api-key': CLIENT_ID, 'trakt-api-version': '2', Authorization: `Bearer ${tok}` };
  return {
    get: (p) => main.request('GET', p, { headers }),
    post: (p, body) => main.request('POST', p, { headers, body }),
    del: (p) => main.request('DELETE', p, { headers }),
  };
}

before(async () => { main = await SelfTestStandin.start('standin-lists-'); });
after(() => main?.stop());

test('fixture lists in Trakt\'s shape; items by rank with notes, a person, paging headers; 404s', async () => {
  await reset();
  const c = await client();
  const lists = (await c.get('/users/me/lists')).json;
  assert.deepEqual(lists.map((l) => [l.name, l.item_count, l.privacy, l.ids]), [
    ['Halloween', 12, 'private', { trakt: 4242001, slug: 'halloween' }],
    ['Für später ☕', 2, 'link', { trakt: 4242002, slug: 'fur-spater' }],
  ]);
  assert.equal(lists[0].description, null);
  assert.deepEqual(Object.keys(lists[0]), ['name', 'description', 'privacy', 'share_link', 'type', 'display_numbers', 'allow_comments',
    'sort_by', 'sort_how', 'created_at', 'updated_at', 'item_count', 'comment_count', 'likes', 'ids']);
  const one = await c.get('/users/standin-user/lists/4242001');
  assert.equal(one.json.user.username, 'standin-user');
  const items = await c.get('/users/me/lists/halloween/items');
  assert.deepEqual(items.json.map((i) => i.rank), [...Array(12).keys()].map((i) => i + 1));
  assert.equal(items.json[0].notes, 'Nicht allein schauen 😱');
  assert.deepEqual(Object.keys(items.json[0]), ['rank', 'id', 'listed_at', 'notes', 'type', 'movie']);
  assert.equal(items.json[11].type, 'person');
  assert.equal(items.headers['x-sort-by'], 'rank');
  const page = await c.get('/users/me/lists/halloween/items?page=3&limit=5');
  assert.deepEqual([page.json.length, page.headers['x-pagination-page-count'], page.headers['x-pagination-item-count']], [2, '3', '12']);
  assert.deepEqual((await c.get('/users/me/lists/halloween/items/movies')).json.length, 6);
  for (const p of ['/users/me/lists/nope', '/users/me/lists/nope/items', '/users/someone-else/lists']) assert.equal((await c.get(p)).status, 404, p);
  assert.equal((await c.del('/users/me/lists/nope')).status, 404);
});

test('create, add, remove, delete: per user, lists.updated_at moves, 420 with its headers past the limits', async () => {
  await reset();
  const alice = await client('alice');
  const bob = await client('bob');
  const before = (await control('GET', '/__standin/activity?username=alice')).json.lists.updated_at;
  const made = await alice.post('/users/me/lists', { name: 'Écran noir', privacy: 'public' });
  assert.equal(made.status, 201);
  assert.deepEqual([made.json.ids, made.json.item_count, made.json.description], [{ trakt: 4243001, slug: 'ecran-noir' }, 0, null]);
  assert.equal((await alice.post('/users/me/lists', { name: 'Écran Noir!' })).json.ids.slug, 'ecran-noir-2');
  assert.equal((await alice.post('/users/me/lists', { name: ' ' })).status, 422);
  assert.ok((await control('GET', '/__standin/activity?username=alice')).json.lists.updated_at > before);
  assert.equal((await bob.get('/users/me/lists')).json.length, 2, 'bob sees only the fixtures');

  const add = await alice.post('/users/me/lists/ecran-noir/items', { movies: [{ ids: { trakt: 1234 } }, { ids: { imdb: 'tt0000111' } }], shows: [{ ids: { slug: 'dark' } }] });
  assert.equal(add.status, 201);
  assert.deepEqual(add.json.added, { movies: 1, shows: 1, seasons: 0, episodes: 0, people: 0 });
  assert.deepEqual(add.json.not_found.movies, [{ ids: { imdb: 'tt0000111' } }]);
  assert.equal(add.json.list.item_count, 2);
  assert.deepEqual((await alice.post('/users/me/lists/4243001/items', { movies: [{ ids: { trakt: 1234 } }] })).json.existing.movies, 1);
  const rm = await alice.post('/users/me/lists/ecran-noir/items/remove', { movies: [{ ids: { trakt: 1234 } }, { ids: { trakt: 6 } }] });
  assert.deepEqual([rm.status, rm.json.deleted.movies, rm.json.list.item_count], [200, 1, 1]);

  await control('POST', '/__standin/config', { list_count_limit: 4, list_item_limit: 1 });
  const settings = (await alice.get('/users/settings')).json;
  assert.deepEqual(settings.limits.list, { count: 4, item_count: 1 });
  const full = await alice.post('/users/me/lists/ecran-noir/items', { movies: [{ ids: { trakt: 6 } }] });
  assert.equal(full.status, 420);
  assert.deepEqual([full.headers['x-account-limit'], full.headers['x-upgrade-url'], full.headers['x-vip-user']], ['1', 'https://trakt.tv/vip', 'false']);
  assert.equal((await alice.get('/users/me/lists/ecran-noir')).json.item_count, 1, 'nothing added');
  const many = await alice.post('/users/me/lists', { name: 'Fifth' });
  assert.deepEqual([many.status, many.headers['x-account-limit']], [420, '4']);

  assert.equal((await alice.del('/users/me/lists/ecran-noir')).status, 204);
  assert.equal((await alice.get('/users/me/lists/ecran-noir')).status, 404);
  await reset();
  assert.equal((await alice.get('/users/me/lists')).json.length, 2, 'reset brings back the fixtures');
});
