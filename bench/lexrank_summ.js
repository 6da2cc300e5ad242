// lexrank_summ.js — the npm `lexrank` peer of `storyline summarize`, for `make bench`.
// Each INDIR/<topic>.txt (a topic's documents, header lines stripped, concatenated by
// bench/summ.sh) is summarized by LexRank; sentences are taken best-first until WORDS words
// and written to OUTDIR/<topic>.txt, one per line, so `storyline eval rouge` scores them
// the same way as the other systems (its -l cut trims the last sentence).
//   usage: node lexrank_summ.js INDIR OUTDIR WORDS
'use strict';
const fs = require('fs');
const path = require('path');
module.paths.unshift(path.join(__dirname, 'peers', 'node_modules'));
const lexrank = require('lexrank');
const [indir, outdir, wordsArg] = process.argv.slice(2);
const words = parseInt(wordsArg || '100', 10);
for (const f of fs.readdirSync(indir).sort()) {
  if (!f.endsWith('.txt')) continue;
  const text = fs.readFileSync(path.join(indir, f), 'utf8');
  lexrank.summarize(text, Math.ceil(words / 10) + 2, (err, top) => {
    const out = [];
    if (!err) {
      let n = 0;
      for (const s of top.slice().sort((a, b) => b.weight - a.weight)) {
        if (n >= words) break;
        const t = s.text.replace(/\s+/g, ' ').trim();
        out.push(t);
        n += t.split(' ').length;
      }
    }
    fs.writeFileSync(path.join(outdir, f), out.join('\n') + '\n');
  });
}
