// get_stats over MCP stdio and `trakt-mcp call` against the stand-in: the exact text block,
// structuredContent valid against the declared outputSchema (nulls read as 0), no arguments
// taken, and the login advice when there is no login.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, textOf, FORBIDDEN_WORDS, outputValidator } from './harness.mjs';

requireBinary();

// From the stand-in's userStats(): 15650 min = 10 days 20 h 50 min; 17330 min = 12 days 0 h 50 min.
const EXPECTED_TEXT = [
  'Movies: 114 watched (155 plays, 10 days 20 h 50 min), 933 collected, 256 rated',
  'Shows: 16 watched, 7 collected, 63 rated',
  'Episodes: 534 watched (552 plays, 12 days 0 h 50 min), 117 collected, 64 rated',
  'Ratings: 389 in all, most often 10/10 (215)',
].join('\n');

test('get_stats: the totals as text and as structuredContent that fits the outputSchema', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_stats');
  assert.equal(tool.annotations.readOnlyHint, true);
  assert.deepEqual(tool.inputSchema.properties, {});

  const r = await p.request('tools/call', { name: 'get_stats', arguments: {} });
  assert.ok(!r.result.isError, JSON.stringify(r));
  assert.equal(textOf(r.result), EXPECTED_TEXT);
  assert.doesNotMatch(textOf(r.result), FORBIDDEN_WORDS);
  const s = r.result.structuredContent;
  assert.deepEqual(s.movies, { plays: 155, watched: 114, minutes: 15650, collected: 933, ratings: 256 });
  assert.deepEqual(s.shows, { plays: 0, watched: 16, minutes: 0, collected: 7, ratings: 63 });
  assert.equal(s.ratings.total, 389);
  assert.equal(s.ratings.distribution['10'], 215);
  const validate = await outputValidator(tool);
  assert.ok(validate(s), JSON.stringify(validate.errors));

  const log = await w.standin.apiLog();
  const calls = log.filter((e) => e.path === '/users/me/stats');
  assert.equal(calls.length, 1, 'one upstream request');
});

test('get_stats takes no arguments and says so', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const r = await p.request('tools/call', { name: 'get_stats', arguments: { year: 2026 } });
  assert.equal(r.result.isError, true);
  assert.equal(textOf(r.result), 'Unknown argument "year". This tool takes no arguments.');
});

test('get_stats in a shell, and without a login', async (t) => {
  const w = await world(t);
  const ok = await w.run(['call', 'get_stats']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), EXPECTED_TEXT);

  const nobody = await world(t, { login: false });
  const r = await nobody.run(['call', 'get_stats']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /trakt-mcp login/);
});
