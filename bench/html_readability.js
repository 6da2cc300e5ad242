// html_readability.js — the peer side of bench/html.sh: @mozilla/readability on jsdom over
// the same plain-HTML pages storyline reads. Times DOM parsing + article extraction only
// (files are read before the clock starts), one run per invocation, one JSON line out.
// usage: node html_readability.js PEERS_DIR PAGES_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const peers = process.argv[2];
const dir = process.argv[3];
const { JSDOM, VirtualConsole } = require(path.join(peers, 'node_modules', 'jsdom'));
const { Readability } = require(path.join(peers, 'node_modules', '@mozilla', 'readability'));

const files = fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
const pages = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
const bytes = pages.reduce((a, p) => a + Buffer.byteLength(p), 0);
const quiet = new VirtualConsole(); // pages' CSS/JS errors are not ours to print
let chars = 0;
let errors = 0;
const t0 = process.hrtime.bigint();
for (const html of pages) {
  // jsdom's CSS parser throws on some pages' style attributes; such a page counts as an
  // error (its time stays in the total, as the work was done)
  try {
    const dom = new JSDOM(html, { url: 'https://example.com/', virtualConsole: quiet });
    const art = new Readability(dom.window.document).parse();
    if (art && art.textContent) chars += art.textContent.length;
    dom.window.close();
  } catch (e) {
    errors++;
  }
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ pages: pages.length, bytes, secs, mb_per_s: bytes / 1e6 / secs, chars, errors }));
