#!/usr/bin/env node
// Makes the stand-in's poster files (tests/standin/posters/*.webp) from POSTERS in ../images.mjs:
// 120x180 (2:3), the title's two colours as a gradient, its initials and its name, drawn on a
// canvas in Chromium and encoded there as WebP (Node has no WebP encoder). Run once by hand when
// POSTERS changes; the .webp files are committed (test fixtures), tests never run this.
//
//   node tests/standin/posters/make-posters.mjs [--chromium /usr/bin/chromium]

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { POSTERS, POSTER_DIR } from '../images.mjs';

const at = process.argv.indexOf('--chromium');
const executablePath = at > 0 ? process.argv[at + 1] : '/usr/bin/chromium';
const MAX_BYTES = 6 * 1024;

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

  const size = { 1: 84, 2: 58, 3: 42 }[initials.length] ?? 36;
  g.font = `bold ${size}px "DejaVu Sans", sans-serif`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.shadowColor = 'rgba(0,0,0,0.45)';
  g.shadowBlur = 6;
  g.shadowOffsetY = 2;
  g.fillStyle = '#ffffff';
  g.fillText(initials, w / 2, h * 0.42);
  g.shadowColor = 'transparent';

  g.fillStyle = 'rgba(255,255,255,0.7)';
  g.fillRect(w / 2 - 14, h - 40, 28, 1.5);
  g.font = 'bold 10px "DejaVu Sans", sans-serif';
  g.fillStyle = 'rgba(255,255,255,0.92)';
  g.fillText(caption.toUpperCase(), w / 2, h - 24, w - 16);
  return c.toDataURL('image/webp', quality);
}

const browser = await chromium.launch({ executablePath });
try {
  const page = await browser.newPage();
  for (const p of POSTERS) {
    let bytes;
    for (let quality = 0.86; ; quality -= 0.08) {
      const url = await page.evaluate(draw, { initials: p.initials, caption: p.caption, colors: p.colors, quality });
      if (!url.startsWith('data:image/webp;base64,')) throw new Error(`this Chromium does not encode WebP (${url.slice(0, 30)})`);
      bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
      if (bytes.length <= MAX_BYTES || quality < 0.3) break;
    }
    fs.writeFileSync(path.join(POSTER_DIR, p.file), bytes);
    console.log(`${p.file}: ${bytes.length} bytes`);
  }
} finally {
  await browser.close();
}
