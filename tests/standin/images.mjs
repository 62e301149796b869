// Trakt's images for the stand-in: the `images` and `colors` of movie and show objects, and the image
// host that serves them.
//
//   ?extended=...images...   every movie and show object in an answer gets
//                            images: {fanart, poster, logo, clearart, banner, thumb}, arrays of scheme-less
//                            URLs as Trakt sends them: media.trakt.tv/images/shows/000/154/997/posters/medium/<10 hex>.jpg.webp
//   ?extended=...full...     (or colors) they also get colors: {poster: ["#rrggbb", "#rrggbb"]}
//   GET /images/...webp      the stand-in as media.trakt.tv: real WebP bytes (posters/*.webp)
//
// Which images a title has depends only on its kind and trakt id (imageKinds); a URL's 10 hex are a
// hash of kind, id and image kind, so only URLs the stand-in gave out are served. Every movie and
// show the fixtures name has a poster file of its own (posters()); other titles (config
// watched_shows) get one of those by id. Every image kind serves that poster file (trakt-mcp shows posters only). Config (README): poster_missing,
// poster_status, image_cache_control, image_max_age, image_host.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { indexedTitles } from './title_index.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const POSTER_DIR = path.join(HERE, 'posters');

// The colours the first ten posters were drawn with, kept so they look as before; every other
// fixture title's are made from its kind and id (madeColors).
const CHOSEN_COLORS = {
  'show-154997': ['#0d3b4c', '#7fc8b8'], // Severance
  'movie-1234': ['#1a1a2e', '#e94560'], // Heat
  'show-122531': ['#0b0c10', '#4e6e8e'], // Dark
  'show-1': ['#1b4332', '#d8c94a'], // Breaking Bad
  'movie-6': ['#050505', '#2f5d8a'], // The Dark Knight
  'movie-172': ['#8c1c13', '#3f8f5a'], // Amélie
  'show-1420': ['#3b2a1a', '#c9a66b'], // 進撃の巨人
  'movie-1': ['#001f3f', '#00e5ff'], // TRON: Legacy
  'movie-372081': ['#2b2d42', '#b5bfcc'], // Parasite
  'show-190412': ['#3d0c02', '#f4a261'], // The Bear
};

function hsl(h, s, l) {
  const a = s * Math.min(l, 1 - l);
  const f = (n) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)))).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** Two colours of a title from its kind and id: a dark one and a light one of a nearby hue. */
export function madeColors(kind, id) {
  const d = crypto.createHash('sha256').update(`colors:${kind}:${id}`).digest();
  const hue = d.readUInt16BE(0) % 360;
  return [hsl(hue, 0.45 + (d[2] % 30) / 100, 0.1 + (d[3] % 8) / 100), hsl((hue + 20 + (d[4] % 100)) % 360, 0.5 + (d[5] % 30) / 100, 0.5 + (d[6] % 15) / 100)];
}

const PICTOGRAPHS = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** What a poster shows of a title's name (no emoji: the machine that draws them has no emoji font). */
export const captionOf = (title) => title.replace(PICTOGRAPHS, '').replace(/\s+/g, ' ').trim();

/**
 * The big letters of a poster: a CJK title's first character; else each word's first letter as
 * written (Attack on Titan: AoT), only the capitals when that is more than four, at most four.
 */
export function initialsOf(title) {
  const caption = captionOf(title);
  if (CJK.test(caption)) return Array.from(caption)[0];
  const letters = caption.split(/[\s:\-\u2013]+/).map((w) => w.match(/[\p{L}\p{N}]/u)?.[0]).filter(Boolean);
  const capitals = letters.length > 4 ? letters.filter((c) => c !== c.toLowerCase()) : letters;
  return (capitals.length ? capitals : letters).slice(0, 4).join('');
}

let posterList = null;
let posterByKey = null;

/**
 * The poster files (made by posters/make-posters.mjs, committed), one per movie and show the
 * fixtures name (title_index.mjs), movies then shows in index order: {file, kind, trakt, initials,
 * caption, colors}; `colors` are the gradient's, and the title's Trakt colors.
 */
export function posters() {
  if (!posterList) {
    posterList = ['movie', 'show'].flatMap((kind) => indexedTitles(kind).map((t) => ({
      file: `${kind}-${t.ids.trakt}.webp`, kind, trakt: t.ids.trakt, initials: initialsOf(t.title), caption: captionOf(t.title),
      colors: CHOSEN_COLORS[`${kind}-${t.ids.trakt}`] ?? madeColors(kind, t.ids.trakt),
    })));
    posterByKey = new Map(posterList.map((p) => [`${p.kind}-${p.trakt}`, p]));
  }
  return posterList;
}

/** The poster a title is drawn with: its own for a fixture title, else one of them by id (generated titles). */
export function posterOf(kind, id) {
  const all = posters();
  return posterByKey.get(`${kind}-${id}`) ?? all[Math.abs(id) % all.length];
}

export const IMAGE_KINDS = ['fanart', 'poster', 'logo', 'clearart', 'banner', 'thumb'];
const FOLDER = { fanart: 'fanarts', poster: 'posters', logo: 'logos', clearart: 'cleararts', banner: 'banners', thumb: 'thumbs' };
const EXT = { fanart: 'jpg', poster: 'jpg', logo: 'png', clearart: 'png', banner: 'jpg', thumb: 'jpg' };
export const DEFAULT_IMAGE_MAX_AGE = 2592000;

// Config lists name a title by trakt id (any kind) or as "movie-1" / "show-1".
function listed(list, kind, id) {
  return Array.isArray(list) && list.some((x) => String(x) === String(id) || x === `${kind}-${id}`);
}

/** The image kinds a title has: poster and fanart always (poster unless config poster_missing names it), the rest by id. */
export function imageKinds(kind, id, config = {}) {
  return IMAGE_KINDS.filter((k) => {
    if (k === 'poster') return !listed(config.poster_missing, kind, id);
    if (k === 'fanart') return true;
    if (k === 'thumb') return id % 3 !== 0;
    if (k === 'logo') return id % 2 === 0;
    if (k === 'clearart') return id % 4 === 0;
    return kind === 'show' && id % 5 !== 0; // banner
  });
}

const hash = (kind, id, image) => crypto.createHash('sha256').update(`${kind}:${id}:${image}`).digest('hex').slice(0, 10);
const idPath = (id) => String(id).padStart(9, '0').replace(/(\d{3})(?=\d)/g, '$1/');

/** The scheme-less URL Trakt would send for a title's image (`host`: another image host, to test a client that must not follow it). */
export function imageUrl(kind, id, image, host = 'media.trakt.tv') {
  return `${host}/images/${kind}s/${idPath(id)}/${FOLDER[image]}/medium/${hash(kind, id, image)}.${EXT[image]}.webp`;
}

/** A title's `images` object; config image_host puts another host in its URLs. */
export function imagesOf(kind, id, config = {}) {
  const has = typeof id === 'number' ? imageKinds(kind, id, config) : [];
  const host = typeof config.image_host === 'string' && config.image_host ? config.image_host : undefined;
  return Object.fromEntries(IMAGE_KINDS.map((k) => [k, has.includes(k) ? [imageUrl(kind, id, k, host)] : []]));
}

/** A title's `colors`: its poster's two colours; none when it has no poster. */
export function colorsOf(kind, id, config = {}) {
  if (typeof id !== 'number' || listed(config.poster_missing, kind, id)) return { poster: [] };
  return { poster: [...posterOf(kind, id).colors] };
}

// The kind of the bare titles at the top of an answer, from its path: /movies/.., /shows/..,
// /recommendations/{movies|shows}; null where the top level holds no bare titles.
function topLevelKind(p) {
  const seg = p.split('/').filter(Boolean);
  const plural = seg[0] === 'recommendations' ? seg[1] : seg[0];
  return plural === 'movies' ? 'movie' : plural === 'shows' ? 'show' : null;
}

const isTitle = (o) => o && typeof o === 'object' && !Array.isArray(o) && o.ids && typeof o.ids === 'object' && 'title' in o && !('season' in o) && !('number' in o);

/**
 * `body` with `images` (extended has `images`) and `colors` (extended has `full` or `colors`) on
 * every movie and show object: the values of `movie` / `show` keys at any depth, and for the
 * paths of topLevelKind the bare titles at the top (one, or an array of them). Copies only what
 * changes (fixtures may be frozen); `body` itself, untouched, when extended asks for neither.
 */
export function withImages(body, { extended, path: p, config = {} }) {
  const wanted = new Set(String(extended ?? '').split(',').map((s) => s.trim()));
  const images = wanted.has('images');
  const colors = wanted.has('full') || wanted.has('colors');
  if ((!images && !colors) || body === null || typeof body !== 'object') return body;
  const extra = (title, kind) => {
    const id = title.ids.trakt;
    return { ...title, ...(colors ? { colors: colorsOf(kind, id, config) } : {}), ...(images ? { images: imagesOf(kind, id, config) } : {}) };
  };
  const walk = (v) => {
    if (Array.isArray(v)) {
      const out = v.map(walk);
      return out.some((x, i) => x !== v[i]) ? out : v;
    }
    if (v === null || typeof v !== 'object') return v;
    let out = null;
    for (const [k, x] of Object.entries(v)) {
      if (x === null || typeof x !== 'object') continue;
      let y = walk(x);
      if ((k === 'movie' || k === 'show') && isTitle(y)) y = extra(y, k);
      if (y !== x) (out ??= { ...v })[k] = y;
    }
    return out ?? v;
  };
  const top = topLevelKind(p ?? '');
  const walked = walk(body);
  if (!top) return walked;
  if (Array.isArray(walked)) return walked.map((t) => (isTitle(t) ? extra(t, top) : t));
  return isTitle(walked) ? extra(walked, top) : walked;
}

// GET /images/{movies|shows}/000/154/997/{posters|..}/{thumb|medium|full}/<hash>.<jpg|png>.webp
const IMAGE_PATH = /^\/images\/(movies|shows)\/((?:\d{3}\/){2,}\d{3})\/(\w+)\/(thumb|medium|full)\/([0-9a-f]{10})\.(jpg|png)\.webp$/;
const posterBytes = new Map();

/**
 * The stand-in as Trakt's image host: {status, body, headers} for `p`, or null when it is not an image path.
 * Unknown image (not a URL the stand-in gives out, or a kind the title has not) → 404; config
 * poster_status {id: status} fails the title's images with that status.
 */
export function imageResponse(p, config = {}) {
  if (!p.startsWith('/images/')) return null;
  const notFound = { status: 404, body: 'Not Found', headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
  const m = IMAGE_PATH.exec(p);
  if (!m) return notFound;
  const kind = m[1].slice(0, -1);
  const id = Number(m[2].replaceAll('/', ''));
  const image = Object.keys(FOLDER).find((k) => FOLDER[k] === m[3]);
  if (!image || m[5] !== hash(kind, id, image) || m[6] !== EXT[image] || !imageKinds(kind, id, config).includes(image)) return notFound;
  const statuses = config.poster_status && typeof config.poster_status === 'object' ? config.poster_status : {};
  const failed = statuses[`${kind}-${id}`] ?? statuses[String(id)];
  if (failed !== undefined && Number(failed) !== 200) {
    return { status: Number(failed), body: `HTTP ${failed}`, headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
  }
  const file = posterOf(kind, id).file;
  if (!posterBytes.has(file)) posterBytes.set(file, fs.readFileSync(path.join(POSTER_DIR, file)));
  const headers = { 'Content-Type': 'image/webp' };
  const cacheControl = config.image_cache_control ?? `public, max-age=${config.image_max_age ?? DEFAULT_IMAGE_MAX_AGE}`;
  if (cacheControl !== '') headers['Cache-Control'] = cacheControl;
  return { status: 200, body: posterBytes.get(file), headers };
}
