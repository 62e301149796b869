// Personal lists through the official MCP TypeScript SDK client (StdioClientTransport) against the
// real binary and the stand-in's lists (tests/standin/lists.mjs):
//   - declarations: get_lists read-only; create_list, delete_list, add_to_list, remove_from_list
//     with their annotations; --read-only hides the four writes and get_lists still answers;
//   - get_lists: the user's lists and one list's items, exact lines with ids and notes, paged by
//     limit, structuredContent valid against the outputSchema (Ajv), an unknown list (404) and a
//     list argument that cannot be an id;
//   - the writes end to end: create, add (added / existing / not found), remove, delete, each read
//     back at once by get_lists with last_activities frozen (only the server's own cache
//     invalidation can show it), and Trakt's 404 for an unknown list;
//   - delete_list always asks: elicitation accepted / declined, confirm: true without elicitation,
//     and a client without elicitation told to confirm; remove_from_list's rule of more than 10;
//   - Trakt's 420 (list count, items per list) explained with the limit from /users/settings and
//     never retried; create_list whose answer is lost says how to check, and is not retried.
// Every area has its own stand-in and binary and they run concurrently (writes are paced 1 s).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, requireNodeModules, BIN, T_CALL, textOf, linesOf, outputValidator, FORBIDDEN_WORDS } from './harness.mjs';

requireNodeModules();
requireBinary();

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
const { ElicitRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');

const WRITES = {
  create_list: { destructiveHint: false, idempotentHint: false, required: ['name'] },
  delete_list: { destructiveHint: true, idempotentHint: true, required: ['list'] },
  add_to_list: { destructiveHint: false, idempotentHint: true, required: ['list', 'items'] },
  remove_from_list: { destructiveHint: true, idempotentHint: true, required: ['list', 'items'] },
};

// The stand-in's fixture lists (lists.mjs) as get_lists prints them.
const LISTS = [
  'Halloween · 12 items · private · list halloween',
  'Für später ☕ · 2 items · link · list fur-spater',
];
const HALLOWEEN = [
  '[M] Parasite (2019) · trakt 372081 · imdb tt6751668 · note: Nicht allein schauen 😱',
  '[M] 올드보이 (2003) · trakt 513 · imdb tt0364569',
  '[M] The Dark Knight (2008) · trakt 6 · imdb tt0468569',
  '[M] 千と千尋の神隠し (2001) · trakt 98 · imdb tt0245429',
  '[M] Léon: The Professional (1994) · trakt 68 · imdb tt0110413',
  '[M] Inception (2010) · trakt 16662 · imdb tt1375666',
  '[TV] Dark (2017) · trakt 122531 · slug dark',
  '[TV] 進撃の巨人 (2013) · trakt 1420 · slug attack-on-titan',
  '[TV] Café 🎬 · trakt 990001 · slug cafe',
  '[TV] Breaking Bad (2008) S03 · show trakt 1 · slug breaking-bad',
  '[TV] Severance S01E01 - Good News About Hell · show trakt 154997 · slug severance',
  '[P] Jamie Lee Curtis · trakt 4242 · slug jamie-lee-curtis',
];
const HEAT = { type: 'movie', ids: { trakt: 1234 } };
const HEAT_LINE = '[M] Heat (1995) · trakt 1234 · imdb tt0113277';
const UNKNOWN_MOVIE = { type: 'movie', ids: { imdb: 'tt0000000' } };
// The eleven titles of Halloween that the items argument can name (not the person).
const ELEVEN_ON_HALLOWEEN = [
  ...[372081, 513, 6, 98, 68, 16662].map((trakt) => ({ type: 'movie', ids: { trakt } })),
  ...[122531, 1420, 990001].map((trakt) => ({ type: 'show', ids: { trakt } })),
  { type: 'season', show: { ids: { trakt: 1 } }, season: 3 },
  { type: 'episode', show: { ids: { slug: 'severance' } }, season: 1, number: 1 },
];
const counts4 = (movies = 0, shows = 0, seasons = 0, episodes = 0) => ({ movies, shows, seasons, episodes });
const isWrite = (e) => e.method !== 'GET' && e.method !== 'HEAD';

async function connect(w, { args = [], env = {}, elicit = false } = {}) {
  const transport = new StdioClientTransport({ command: BIN, args, env: w.env(env), stderr: 'pipe' });
  const c = { asked: [], answers: [] };
  transport.stderr?.on('data', () => {}); // read it: a full pipe would stall the binary
  c.client = new Client({ name: 'trakt-mcp-lists-test', version: '1.0.0' }, { capabilities: elicit ? { elicitation: {} } : {} });
  if (elicit) {
    c.client.setRequestHandler(ElicitRequestSchema, async (req) => {
      c.asked.push(req.params);
      return c.answers.shift() ?? { action: 'cancel' };
    });
  }
  await c.client.connect(transport, { timeout: T_CALL });
  c.tools = (await c.client.listTools()).tools; // the SDK then checks structuredContent against them
  c.call = (name, a = {}) => c.client.callTool({ name, arguments: a }, undefined, { timeout: T_CALL });
  return c;
}

function ok(r, what) {
  assert.notEqual(r.isError, true, `${what}: unexpected tool error: ${textOf(r)}`);
  assert.ok(r.structuredContent, `${what}: no structuredContent`);
  assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS, what);
  return r.structuredContent;
}

function toolError(r, what) {
  assert.equal(r.isError, true, `${what}: expected an isError result, got ${JSON.stringify(r)}`);
  return textOf(r);
}

async function writesIn(w) {
  return (await w.standin.apiLog()).filter(isWrite).sort((a, b) => a.t - b.t).map((e) => `${e.method} ${e.path} ${e.status}`);
}

async function oracle(w, p) {
  return (await w.standin.api(p, w.tokens.access_token)).json;
}

// last_activities stops moving: a read that shows a write at once proves the server dropped its
// own cached reads.
async function freezeActivities(w) {
  const now = await w.standin.control('GET', '/__standin/activity');
  await w.standin.fault({ path: '/sync/last_activities', times: -1, action: 'respond', status: 200, body: now });
}

describe('personal lists through the official SDK client', { concurrency: true }, () => {
  describe('declarations and read-only', { concurrency: 1 }, () => {
    let w;
    let c;
    let ro;
    before(async () => {
      w = await world(null);
      c = await connect(w);
      ro = await connect(w, { args: ['serve', '--read-only'] });
    });
    after(async () => { await c?.client.close(); await ro?.client.close(); await w?.close(); });

    test('get_lists is read-only; the four writes carry their annotations', () => {
      const byName = Object.fromEntries(c.tools.map((t) => [t.name, t]));
      assert.equal(byName.get_lists?.annotations?.readOnlyHint, true);
      assert.deepEqual(Object.keys(byName.get_lists.inputSchema.properties).sort(), ['limit', 'list']);
      for (const [name, want] of Object.entries(WRITES)) {
        const t = byName[name];
        assert.ok(t, `${name} listed`);
        assert.deepEqual(
          [t.annotations.readOnlyHint, t.annotations.destructiveHint, t.annotations.idempotentHint],
          [false, want.destructiveHint, want.idempotentHint], `${name}: ${JSON.stringify(t.annotations)}`);
        assert.deepEqual([...(t.inputSchema.required ?? [])].sort(), [...want.required].sort(), name);
        assert.ok(t.outputSchema, `${name} has an outputSchema`);
      }
      assert.deepEqual(byName.create_list.inputSchema.properties.privacy.enum, ['private', 'link', 'friends', 'public']);
    });

    test('--read-only hides the four writes; get_lists still answers', async () => {
      const names = ro.tools.map((t) => t.name);
      for (const n of Object.keys(WRITES)) assert.ok(!names.includes(n), `${n} hidden: ${names}`);
      assert.ok(names.includes('get_lists'));
      const r = await ro.call('create_list', { name: 'x' });
      assert.equal(r.isError, true);
      assert.deepEqual(linesOf(await ro.call('get_lists')), LISTS);
      assert.deepEqual(await writesIn(w), []);
    });
  });

  describe('get_lists', { concurrency: 1 }, () => {
    let w;
    let c;
    let valid;
    before(async () => {
      w = await world(null);
      c = await connect(w);
      valid = await outputValidator(c.tools.find((t) => t.name === 'get_lists'));
    });
    after(async () => { await c?.client.close(); await w?.close(); });

    test('without list: the user\'s lists, one line each, the slug the other tools take', async () => {
      const r = await c.call('get_lists');
      const sc = ok(r, 'get_lists');
      assert.deepEqual(linesOf(r), LISTS);
      assert.ok(valid(sc), JSON.stringify(valid.errors));
      assert.equal(sc.count, 2);
      assert.equal(sc.list, undefined);
      assert.deepEqual(sc.lists.map((l) => [l.name, l.item_count, l.privacy, l.ids]), [
        ['Halloween', 12, 'private', { trakt: 4242001, slug: 'halloween' }],
        ['Für später ☕', 2, 'link', { trakt: 4242002, slug: 'fur-spater' }],
      ]);
      assert.equal(sc.lists[0].description, undefined, 'a null description is left out');
      assert.equal(sc.lists[1].description, 'Was noch kommt');
    });

    test('with list (slug or Trakt id): its items in rank order with ids and notes', async () => {
      for (const list of ['halloween', 4242001, '4242001']) {
        const r = await c.call('get_lists', { list });
        const sc = ok(r, `get_lists ${list}`);
        assert.deepEqual(linesOf(r), HALLOWEEN, String(list));
        assert.ok(valid(sc), JSON.stringify(valid.errors));
        assert.equal(sc.list, String(list));
        assert.equal(sc.count, 12);
        assert.deepEqual(sc.items.map((i) => i.rank), [...Array(12).keys()].map((i) => i + 1));
        assert.deepEqual(sc.items.map((i) => i.type), [...Array(6).fill('movie'), 'show', 'show', 'show', 'season', 'episode', 'person']);
        assert.equal(sc.items[0].notes, 'Nicht allein schauen 😱');
        assert.equal(sc.items[1].notes, undefined);
      }
    });

    test('limit pages: 5 items ask Trakt for page 1 of 5', async () => {
      const n0 = (await w.standin.apiLog()).length;
      const r = await c.call('get_lists', { list: 'halloween', limit: 5 });
      assert.deepEqual(linesOf(r), HALLOWEEN.slice(0, 5));
      assert.equal(ok(r, 'limit 5').count, 5);
      const asked = (await w.standin.apiLog()).slice(n0).filter((e) => e.path === '/users/me/lists/halloween/items');
      assert.deepEqual(asked.map((e) => e.query), ['page=1&limit=5']);
      assert.deepEqual(linesOf(await c.call('get_lists', { limit: 1 })), LISTS.slice(0, 1));
    });

    test('an unknown list is Trakt\'s 404, said plainly; a list argument that cannot be an id never reaches Trakt', async () => {
      assert.equal(toolError(await c.call('get_lists', { list: 'nope' }), 'nope'), "You have no list 'nope' on Trakt; get_lists shows yours.");
      const n0 = (await w.standin.apiLog()).length;
      const text = toolError(await c.call('get_lists', { list: '../settings' }), 'path');
      assert.match(text, /Trakt id or slug, as get_lists shows them/);
      assert.equal((await w.standin.apiLog()).length, n0, 'nothing asked');
    });

    test('the resources trakt://lists and trakt://list/{list} are get_lists itself', async () => {
      for (const [uri, args] of [['trakt://lists', {}], ['trakt://list/halloween', { list: 'halloween' }]]) {
        const expected = await c.call('get_lists', args);
        const read = await c.client.readResource({ uri }, { timeout: T_CALL });
        assert.equal(read.contents.find((x) => x.mimeType === 'text/plain').text, textOf(expected));
        assert.deepEqual(JSON.parse(read.contents.find((x) => x.mimeType === 'application/json').text), expected.structuredContent);
      }
    });
  });

  describe('writes: create, add, remove, delete, read back at once', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w);
      await freezeActivities(w);
    });
    after(async () => { await c?.client.close(); await w?.close(); });

    test('create_list names the new list and its slug; get_lists shows it at once', async () => {
      assert.deepEqual(linesOf(await c.call('get_lists')), LISTS); // read and cached first
      const r = await c.call('create_list', { name: 'Halloween 2', description: 'Mehr 🎃', privacy: 'friends' });
      const sc = ok(r, 'create_list');
      assert.equal(textOf(r), "Created your friends list 'Halloween 2' (list halloween-2, trakt 4243001). add_to_list adds titles to it.");
      assert.deepEqual([sc.name, sc.description, sc.privacy, sc.item_count, sc.ids], ['Halloween 2', 'Mehr 🎃', 'friends', 0, { trakt: 4243001, slug: 'halloween-2' }]);
      assert.deepEqual(linesOf(await c.call('get_lists')), [...LISTS, 'Halloween 2 · 0 items · friends · list halloween-2']);
      assert.equal(toolError(await c.call('create_list', { name: '  ' }), 'blank'), 'name is empty: give the list a name.');
    });

    test('add_to_list: added, existing and not found; get_lists shows Heat at the end at once', async () => {
      assert.deepEqual(linesOf(await c.call('get_lists', { list: 'halloween' })), HALLOWEEN); // cached
      const r = await c.call('add_to_list', { list: 'halloween', items: [HEAT, { type: 'movie', ids: { slug: 'parasite-2019' } }, UNKNOWN_MOVIE] });
      const sc = ok(r, 'add_to_list');
      assert.deepEqual([sc.list, sc.added, sc.existing, sc.not_found, sc.item_count], ['halloween', counts4(1), counts4(1), [UNKNOWN_MOVIE], 13]);
      assert.deepEqual(linesOf(r), [
        "Added to your list 'halloween': 1 movie.",
        'Already on it: 1 movie.',
        'Not found on Trakt (check the ids with search): movie imdb tt0000000.',
        'The list now holds 13 items.',
      ]);
      assert.deepEqual(linesOf(await c.call('get_lists', { list: 'halloween' })), [...HALLOWEEN, HEAT_LINE]);
      assert.equal(linesOf(await c.call('get_lists'))[0], 'Halloween · 13 items · private · list halloween');
      const again = ok(await c.call('add_to_list', { list: 4242001, items: [HEAT] }), 'again');
      assert.deepEqual([again.added, again.existing], [counts4(), counts4(1)], 'safe to repeat');
    });

    test('remove_from_list: removed and not on it; get_lists shows it at once', async () => {
      const r = await c.call('remove_from_list', { list: 'halloween', items: [HEAT, { type: 'show', ids: { slug: 'severance' } }] });
      const sc = ok(r, 'remove_from_list');
      assert.deepEqual([sc.removed, sc.not_found, sc.item_count], [counts4(1), [], 12]);
      assert.deepEqual(linesOf(r), ["Removed from your list 'halloween': 1 movie.", '1 item was not on it.', 'The list now holds 12 items.']);
      assert.deepEqual(linesOf(await c.call('get_lists', { list: 'halloween' })), HALLOWEEN);
    });

    test('an unknown list: add and remove say so (Trakt\'s 404)', async () => {
      for (const name of ['add_to_list', 'remove_from_list']) {
        assert.equal(toolError(await c.call(name, { list: 'nope', items: [HEAT] }), name), "You have no list 'nope' on Trakt; get_lists shows yours.");
      }
    });

    test('delete_list with confirm: true (no elicitation); get_lists no longer shows it', async () => {
      const r = await c.call('delete_list', { list: 'halloween-2', confirm: true });
      const sc = ok(r, 'delete_list');
      assert.equal(textOf(r), "Deleted your list 'Halloween 2'.");
      assert.equal(sc.deleted.ids.slug, 'halloween-2');
      assert.deepEqual(linesOf(await c.call('get_lists')), LISTS);
      assert.equal((await oracle(w, '/users/me/lists')).length, 2);
    });

    test('the writes reached Trakt once each, and moved lists.updated_at', async () => {
      assert.deepEqual(await writesIn(w), [
        'POST /users/me/lists 201',
        'POST /users/me/lists/halloween/items 201',
        'POST /users/me/lists/4242001/items 201',
        'POST /users/me/lists/halloween/items/remove 200',
        'POST /users/me/lists/nope/items 404',
        'POST /users/me/lists/nope/items/remove 404',
        'DELETE /users/me/lists/halloween-2 204',
      ]);
      const a = await w.standin.control('GET', '/__standin/activity');
      assert.ok(a.lists.updated_at > '2026-11-20T21:30:00.000Z', JSON.stringify(a.lists));
    });
  });

  describe('delete_list always asks; remove_from_list past 10', { concurrency: 1 }, () => {
    let w;
    let asking;
    let plain;
    before(async () => {
      w = await world(null);
      asking = await connect(w, { elicit: true });
      plain = await connect(w);
    });
    after(async () => { await asking?.client.close(); await plain?.client.close(); await w?.close(); });

    test('a client without elicitation is told to confirm; nothing deleted', async () => {
      const text = toolError(await plain.call('delete_list', { list: 'halloween' }), 'no confirm');
      assert.equal(text, "Nothing was changed: deleting a list needs the user's confirmation, and this would delete your list " +
        "'Halloween' and its 12 items. Ask them; if they agree, call delete_list again with \"confirm\": true.");
      assert.deepEqual(await writesIn(w), []);
    });

    test('an unknown list: said so, nobody asked, nothing deleted', async () => {
      const n0 = asking.asked.length;
      assert.equal(toolError(await asking.call('delete_list', { list: 'nope' }), 'nope'), "You have no list 'nope' on Trakt; get_lists shows yours.");
      assert.equal(asking.asked.length, n0);
      assert.deepEqual(await writesIn(w), []);
    });

    for (const answer of [{ action: 'decline' }, { action: 'accept', content: { confirm: false } }]) {
      test(`asked even with confirm: true, answer ${JSON.stringify(answer)}: nothing deleted`, async () => {
        const n0 = asking.asked.length;
        asking.answers.push(answer);
        const text = toolError(await asking.call('delete_list', { list: 'halloween', confirm: true }), 'declined');
        assert.equal(asking.asked.length, n0 + 1);
        assert.equal(asking.asked.at(-1).message, "Your agent wants to delete your list 'Halloween' and its 12 items on Trakt. Go ahead?");
        assert.equal(text, "Nothing was changed: the user did not agree to delete your list 'Halloween' and its 12 items.");
        assert.deepEqual(await writesIn(w), []);
      });
    }

    test('accepted: deleted, and the answer names it', async () => {
      asking.answers.push({ action: 'accept', content: { confirm: true } });
      const r = await asking.call('delete_list', { list: 'fur-spater' });
      assert.match(asking.asked.at(-1).message, /Für später ☕' and its 2 items/);
      ok(r, 'accepted');
      assert.equal(textOf(r), "Deleted your list 'Für später ☕' and its 2 items.");
      assert.deepEqual(await writesIn(w), ['DELETE /users/me/lists/fur-spater 204']);
      assert.deepEqual((await oracle(w, '/users/me/lists')).map((l) => l.ids.slug), ['halloween']);
    });

    test('remove_from_list of 11 needs confirm without elicitation, runs with it', async () => {
      const text = toolError(await plain.call('remove_from_list', { list: 'halloween', items: ELEVEN_ON_HALLOWEEN }), '11');
      assert.match(text, /more than 10 items at once need the user's confirmation, and this would remove 11 items from a list/);
      assert.match(text, /"confirm": true/);
      assert.equal((await writesIn(w)).length, 1, 'nothing written');
      const sc = ok(await plain.call('remove_from_list', { list: 'halloween', items: ELEVEN_ON_HALLOWEEN, confirm: true }), 'confirmed');
      assert.deepEqual([sc.removed, sc.item_count], [counts4(6, 3, 1, 1), 1]);
      assert.deepEqual(linesOf(await plain.call('get_lists', { list: 'halloween' })), HALLOWEEN.slice(-1));
    });
  });

  describe("Trakt's 420 (account limits) and a lost answer", { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null, { config: { list_count_limit: 2, list_item_limit: 12 } });
      c = await connect(w);
    });
    after(async () => { await c?.client.close(); await w?.close(); });

    test('create_list past limits.list.count: which limit and its number, asked once', async () => {
      const text = toolError(await c.call('create_list', { name: 'Noch eine' }), '420');
      assert.equal(text, 'Nothing was created: your Trakt account may have at most 2 lists (limits.list.count), and it has ' +
        'that many (HTTP 420). Delete one you no longer need (delete_list), or raise the limit with Trakt VIP: https://trakt.tv/vip.');
      assert.deepEqual(await writesIn(w), ['POST /users/me/lists 420'], 'not retried');
    });

    test('add_to_list past limits.list.item_count: which limit and its number, asked once, nothing added', async () => {
      const text = toolError(await c.call('add_to_list', { list: 'halloween', items: [HEAT] }), '420');
      assert.equal(text, 'Nothing was added: a list on your Trakt account may hold at most 12 items (limits.list.item_count), ' +
        'and this would go past it (HTTP 420). Remove some (remove_from_list), or raise the limit with Trakt VIP: https://trakt.tv/vip.');
      assert.deepEqual((await writesIn(w)).slice(1), ['POST /users/me/lists/halloween/items 420'], 'not retried');
      assert.equal((await oracle(w, '/users/me/lists/halloween')).item_count, 12);
    });

    test('create_list whose answer is lost: not retried, says how to check', async () => {
      await w.standin.config({ list_count_limit: 5 });
      await w.standin.fault({ path: '/users/me/lists', method: 'POST', times: 1, action: 'reset' });
      const text = toolError(await c.call('create_list', { name: 'Verloren' }), 'lost');
      assert.match(text, /may or may not have applied/);
      assert.match(text, /Check get_lists for a list named 'Verloren' before trying again/);
      const posts = (await w.standin.apiLog()).filter((e) => e.method === 'POST' && e.path === '/users/me/lists');
      assert.equal(posts.length, 2, 'the 420 and the lost one: no retry');
    });
  });
});
