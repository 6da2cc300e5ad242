// synth.js — a synthetic article stream for the end-to-end ingest scaling run of `make bench`.
// Recombines real articles (the corpus dumped by `stages --dump`, read in place from the
// shared data, never stored in the repo) into N new ones, deterministic by SEED:
//   - article i belongs to a synthetic story g = floor(i / STORY) (STORY = 40 articles);
//     each story has a base article, and each of its articles takes the base's paragraphs in
//     a shuffled order, drops some, and adds one or two paragraphs from a random other article
//     (so stories share vocabulary but no two articles are equal);
//   - names are fresh: every capitalized word that is not sentence-initial is replaced by an
//     invented word derived from (word, story, SEED), so each story has its own cast and the
//     stream does not collapse into the few real stories of the corpus;
//   - ids are "synth-SEED-i", published dates advance one day every 200 articles.
// Output: JSON Lines {id, title, published, text} on stdout.
//   usage: node synth.js CORPUS.jsonl N [SEED]
'use strict';
const fs = require('fs');
const [corpus, nArg, seedArg] = process.argv.slice(2);
const N = parseInt(nArg, 10);
const SEED = parseInt(seedArg || '1', 10) >>> 0;
const STORY = 40;
const docs = fs.readFileSync(corpus, 'utf8').split('\n').filter(Boolean)
  .map((l) => JSON.parse(l).text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.length > 40))
  .filter((ps) => ps.length >= 3);

// xorshift32 and a string hash (FNV-1a), so the stream is the same on every machine.
function rng(s) { let x = (s >>> 0) || 1; return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; }; }
function fnv(s) { let h = 2166136261; for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; } return h; }
const SYL = ['ka', 'lo', 'mi', 'ren', 'sa', 'tor', 'vel', 'an', 'dri', 'os', 'ne', 'bar', 'qui', 'zen', 'pa', 'lu', 'mor', 'ti', 'gan', 'es'];
function fresh(word, g) {
  const r = rng(fnv(word + '/' + g + '/' + SEED));
  const n = 2 + Math.floor(r() * 2);
  let w = '';
  for (let i = 0; i < n; i++) w += SYL[Math.floor(r() * SYL.length)];
  return w[0].toUpperCase() + w.slice(1);
}
function rename(p, g) {
  // A capitalized word after a lower-case word or comma is a name (or part of one).
  return p.replace(/([a-z,] )([A-Z][a-z]{2,})/g, (m, pre, w) => pre + fresh(w, g));
}

const out = [];
for (let i = 0; i < N; i++) {
  const g = Math.floor(i / STORY);
  const gr = rng(fnv('story/' + g + '/' + SEED));
  const base = docs[Math.floor(gr() * docs.length)];
  const r = rng(fnv('art/' + i + '/' + SEED));
  let ps = base.slice();
  for (let k = ps.length - 1; k > 0; k--) { const j = Math.floor(r() * (k + 1)); [ps[k], ps[j]] = [ps[j], ps[k]]; }
  ps = ps.slice(0, Math.max(3, Math.ceil(ps.length * (0.6 + 0.4 * r()))));
  const other = docs[Math.floor(r() * docs.length)];
  const extra = 1 + Math.floor(r() * 2);
  for (let k = 0; k < extra; k++) ps.splice(Math.floor(r() * ps.length), 0, other[Math.floor(r() * other.length)]);
  const text = ps.map((p) => rename(p, g)).join('\n\n');
  const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 200) * 86400000).toISOString().slice(0, 10);
  const title = text.split(/(?<=[.!?]) /)[0].slice(0, 100);
  out.push(JSON.stringify({ id: `synth-${SEED}-${i}`, title, published: day, text }));
  if (out.length >= 1000) { process.stdout.write(out.join('\n') + '\n'); out.length = 0; }
}
if (out.length) process.stdout.write(out.join('\n') + '\n');
