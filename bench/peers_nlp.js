// peers_nlp.js — the NLP peers of Storyline's clean+segment+NER stages, for `make bench`.
// Reads the same texts the stages see (JSON Lines {id,text} written by `stages --dump`) and
// runs one peer over all of them RUNS times: sentence splitting, tokenizing and entity
// extraction, the work Storyline's clean..ner stages do. Time is this process's CPU time
// (user+sys, process.cpuUsage), so the ratio with the C side is per core.
//   usage: node peers_nlp.js wink|compromise CORPUS.jsonl [RUNS]
// Prints: peer NAME MEDIAN_CPU_S MIN_CPU_S BYTES DOCS PEAK_RSS_KB SENTENCES TOKENS ENTITIES
'use strict';
const fs = require('fs');
const path = require('path');
const which = process.argv[2];
const corpus = process.argv[3];
const runs = parseInt(process.argv[4] || '5', 10);
module.paths.unshift(path.join(__dirname, 'peers', 'node_modules'));

const texts = fs.readFileSync(corpus, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text);
const bytes = texts.reduce((s, t) => s + Buffer.byteLength(t, 'utf8'), 0);

let runOne;
if (which === 'wink') {
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  const nlp = winkNLP(model);
  runOne = (t) => {
    const doc = nlp.readDoc(t);
    return [doc.sentences().length(), doc.tokens().length(), doc.entities().length()];
  };
} else if (which === 'compromise') {
  const nlp = require('compromise');
  runOne = (t) => {
    const doc = nlp(t);
    const ents = doc.people().length + doc.places().length + doc.organizations().length;
    return [doc.sentences().length, doc.terms().length, ents];
  };
} else {
  console.error('usage: node peers_nlp.js wink|compromise CORPUS.jsonl [RUNS]');
  process.exit(1);
}

const times = [];
let counts = [0, 0, 0];
for (let r = 0; r < runs; r++) {
  const c0 = process.cpuUsage();
  const acc = [0, 0, 0];
  for (const t of texts) {
    const c = runOne(t);
    acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2];
  }
  const c1 = process.cpuUsage(c0);
  times.push((c1.user + c1.system) / 1e6);
  counts = acc;
}
const sorted = times.slice().sort((a, b) => a - b);
const med = runs % 2 ? sorted[(runs - 1) / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
const rss = process.resourceUsage().maxRSS;
console.log(['peer', which, med.toFixed(6), sorted[0].toFixed(6), bytes, texts.length, rss, ...counts].join('\t'));
