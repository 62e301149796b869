// /sync/last_activities for the stand-in: the shape of the Trakt reference
// (trakt-api-excerpts.apib, "Get last activity"), with times that move forward
// whenever the stand-in's data changes, so that a client's cache can be tested
// against "a change made elsewhere".

const BASE = Date.parse('2026-11-20T21:30:00.000Z');

const FIELDS = {
  movies: ['watched_at', 'collected_at', 'rated_at', 'watchlisted_at', 'favorited_at', 'commented_at', 'paused_at', 'hidden_at'],
  episodes: ['watched_at', 'collected_at', 'rated_at', 'watchlisted_at', 'commented_at', 'paused_at'],
  shows: ['rated_at', 'watchlisted_at', 'favorited_at', 'commented_at', 'hidden_at', 'dropped_at'],
  seasons: ['rated_at', 'watchlisted_at', 'commented_at', 'hidden_at'],
  comments: ['liked_at', 'reacted_at', 'blocked_at'],
  lists: ['liked_at', 'updated_at', 'commented_at'],
  watchlist: ['updated_at'],
  favorites: ['updated_at'],
  account: ['settings_at', 'followed_at', 'following_at', 'pending_at', 'requested_at'],
  saved_filters: ['updated_at'],
  notes: ['updated_at'],
};

export function freshActivities() {
  const a = { all: new Date(BASE).toISOString() };
  for (const [group, fields] of Object.entries(FIELDS)) {
    a[group] = {};
    for (const f of fields) a[group][f] = new Date(BASE).toISOString();
  }
  return a;
}

// Moves the named fields ("episodes.watched_at"; none: every field) and "all" to a
// time later than any before, even within one millisecond.
export function bumpActivities(a, fields) {
  const latest = Date.parse(a.all);
  const t = new Date(Math.max(Date.now(), latest + 1)).toISOString();
  const names = fields && fields.length ? fields : Object.entries(FIELDS).flatMap(([g, fs]) => fs.map((f) => `${g}.${f}`));
  for (const name of names) {
    const [group, field] = String(name).split('.');
    if (!(group in FIELDS) || !FIELDS[group].includes(field)) return `unknown activity ${name}`;
    a[group][field] = t;
  }
  a.all = t;
  return null;
}
