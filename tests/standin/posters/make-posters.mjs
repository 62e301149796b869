#!/usr/bin/env node
// Makes the stand-in's poster files (tests/standin/posters/*.webp), one per movie and show the
// fixtures name (posters() in ../images.mjs, from title_index.mjs): 120x180 (2:3), the title's two
// colours as a gradient, its initials and its name, drawn on a canvas in Chromium and encoded there
// as WebP (Node has no WebP encoder); .webp files of titles no longer named are removed. Run by hand
// when the fixtures' titles change; the .webp files are committed (test fixtures), tests never run
// this. CJK titles need a CJK font on the machine (fonts-wqy-microhei), else they draw as boxes.
//
//   node tests/standin/posters/make-posters.mjs [--chromium /usr/bin/chromium]

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { posters, POSTER_DIR } from '../images.mjs';

const at = process.argv.indexOf('--chromium');
const executablePath = at > 0 ? process.argv[at + 1] : '/usr/bin/chromium';
const MAX_BYTES = 4000; // 43 titles: the folder stays small

// Runs in the page: one poster as a data: URL.
function draw({ initials, caption, colors, quality }) {
  const [w, h] = [120, 180];
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const g = c.getContext('2d');
  const bg = g.createLinearGradient(0, 0, w * 0.6, h);
  bg.addColorStop(0, colors[0]);
  bg.addColorStop(1, colors[1]);
  g.fillStyle = bg;
  g.fillRect(0, 0, w, h);
  const glow = g.createRadialGradient(w * 0.3, h * 0.28, 4, w * 0.3, h * 0.28, w);
  glow.addColorStop(0, 'rgba(255,255,255,0.28)');
  glow.addColorStop(1, 'rgba(255,255,255,0)');
  g.fillStyle = glow;
  g.fillRect(0, 0, w, h);
  const shade = g.createLinearGradient(0, h * 0.6, 0, h);
  shade.addColorStop(0, 'rgba(0,0,0,0)');
  shade.addColorStop(1, 'rgba(0,0,0,0.55)');
  g.fillStyle = shade;
  g.fillRect(0, 0, w, h);
  g.strokeStyle = 'rgba(255,255,255,0.35)';
  g.lineWidth = 1;
  g.strokeRect(5.5, 5.5, w - 11, h - 11);

  const fonts = '"DejaVu Sans", "WenQuanYi Micro Hei", sans-serif';
  const size = { 1: 84, 2: 58, 3: 42 }[initials.length] ?? 32;
  g.font = `bold ${size}px ${fonts}`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.shadowColor = 'rgba(0,0,0,0.45)';
  g.shadowBlur = 6;
  g.shadowOffsetY = 2;
  g.fillStyle = '#ffffff';
  g.fillText(initials, w / 2, h * 0.42, w - 14);
  g.shadowColor = 'transparent';

  // The name on one line, or two when it does not fit (long names), squeezed if still too wide.
  g.font = `bold 10px ${fonts}`;
  const text = caption.toUpperCase();
  const lines = [];
  for (const word of text.split(' ')) {
    const last = lines.length ? `${lines[lines.length - 1]} ${word}` : word;
    if (lines.length && (g.measureText(last).width <= w - 16 || lines.length === 2)) lines[lines.length - 1] = last;
    else lines.push(word);
  }
  g.fillStyle = 'rgba(255,255,255,0.7)';
  g.fillRect(w / 2 - 14, h - 34 - 12 * lines.length, 28, 1.5);
  g.fillStyle = 'rgba(255,255,255,0.92)';
  lines.forEach((line, i) => g.fillText(line, w / 2, h - 12 - 12 * (lines.length - i), w - 16));
  return c.toDataURL('image/webp', quality);
}

const browser = await chromium.launch({ executablePath });
try {
  const page = await browser.newPage();
  const all = posters();
  for (const p of all) {
    let bytes;
    for (let quality = 0.86; ; quality -= 0.08) {
      const url = await page.evaluate(draw, { initials: p.initials, caption: p.caption, colors: p.colors, quality });
      if (!url.startsWith('data:image/webp;base64,')) throw new Error(`this Chromium does not encode WebP (${url.slice(0, 30)})`);
      bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
      if (bytes.length <= MAX_BYTES || quality < 0.3) break;
    }
    if (bytes.length > MAX_BYTES) throw new Error(`${p.file}: ${bytes.length} bytes even at low quality`);
    fs.writeFileSync(path.join(POSTER_DIR, p.file), bytes);
    console.log(`${p.file}: ${bytes.length} bytes (${p.caption})`);
  }
  const wanted = new Set(all.map((p) => p.file));
  for (const f of fs.readdirSync(POSTER_DIR)) {
    if (f.endsWith('.webp') && !wanted.has(f)) {
      fs.rmSync(path.join(POSTER_DIR, f));
      console.log(`${f}: removed (no title of the fixtures)`);
    }
  }
} finally {
  await browser.close();
}
