/* app.js — the Storyline web page: a story list that polls /api/stories, a story view
   (summary sentences linking to their source passage, timeline, quotes by speaker, entity
   chips that filter the list, events, disagreements) and search. Plain DOM, no framework;
   all text goes in through textContent, never as HTML. Offsets from the API are UTF-8
   byte offsets into the article text. */
'use strict';
const POLL_MS = 5000;
const state = { entity: null, listKey: '', story: null };
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of kids) if (c !== null && c !== undefined) e.append(c);
  return e;
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({ error: 'bad response' }));
  if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
  return body;
}

/* Text of bytes [start, end) of a UTF-8 string, and the parts before and after. */
function splitBytes(text, start, end) {
  const b = new TextEncoder().encode(text), d = new TextDecoder();
  return [d.decode(b.subarray(0, start)), d.decode(b.subarray(start, end)), d.decode(b.subarray(end))];
}

function span(first, last) {
  if (!first) return '';
  return first === last || !last ? first : first + ' – ' + last;
}

/* ---- story list ------------------------------------------------------------------------ */
async function loadList() {
  let url = '/api/stories?limit=200';
  if (state.entity) url += '&entity=' + encodeURIComponent(state.entity);
  try {
    const data = await api(url);
    const key = JSON.stringify(data.stories.map((s) => [s.id, s.count, s.title, s.last]));
    $('status').textContent = data.total + ' stor' + (data.total === 1 ? 'y' : 'ies') + ' · updated ' + new Date().toLocaleTimeString();
    if (key === state.listKey) return;
    state.listKey = key;
    const ul = $('stories');
    ul.replaceChildren(...data.stories.map((s) => el('li', null,
      el('a', { href: '#story/' + s.id, 'aria-current': s.id === state.story ? 'true' : null, 'data-id': s.id },
        el('span', { class: 'title', text: s.title || '(untitled)' }), el('br'),
        el('span', { class: 'meta', text: s.count + ' article' + (s.count === 1 ? '' : 's') + ' · ' + span(s.first, s.last) })))));
  } catch (e) {
    $('status').textContent = 'Could not load stories: ' + e.message;
  }
}

function setFilter(name) {
  state.entity = name;
  state.listKey = '';
  const f = $('filter');
  if (name) {
    f.hidden = false;
    f.replaceChildren('Stories mentioning ', el('strong', { text: name }), ' ',
      el('button', { type: 'button', onclick: () => setFilter(null), text: 'Clear filter' }));
  } else {
    f.hidden = true;
    f.replaceChildren();
  }
  loadList();
}

function markCurrent() {
  for (const a of document.querySelectorAll('#stories a'))
    a.setAttribute('aria-current', a.dataset.id === state.story ? 'true' : 'false');
}

/* ---- story view ------------------------------------------------------------------------ */
function section(title, ...kids) {
  return el('section', { 'aria-label': title }, el('h3', { text: title }), ...kids);
}

function sourceLink(story, item, text) {
  return el('a', { href: '#article/' + encodeURIComponent(item.article) + '/' + item.start + '/' + item.end + '/' + story, text });
}

function renderStory(s) {
  const main = $('main');
  const kids = [el('h2', { id: 'story-title', text: s.title || '(untitled)' }),
    el('p', { class: 'muted', text: span(s.first, s.last) + ' · ' + (s.articles || []).length + ' articles' })];
  if ((s.summary || []).length)
    kids.push(section('Summary', el('p', { class: 'muted', text: 'Each sentence links to its source passage.' }),
      el('ol', { class: 'summary' }, ...s.summary.map((x) => el('li', null, sourceLink(s.id, x, x.text))))));
  if ((s.entities || []).length)
    kids.push(section('Entities', el('p', { class: 'muted', text: 'Choose one to list only the stories that mention it.' }),
      el('ul', { class: 'chips' }, ...s.entities.map((e) => el('li', null,
        el('button', { type: 'button', class: 'chip', 'aria-label': 'Filter stories by ' + e.name, onclick: () => setFilter(e.name) },
          e.name, el('span', { class: 't', text: e.type || '' })))))));
  if ((s.timeline || []).length)
    kids.push(section('Timeline', el('ol', { class: 'timeline' }, ...s.timeline.map((t) =>
      el('li', null, el('time', { datetime: t.date, text: t.date }), ' — ', sourceLink(s.id, t, t.text))))));
  if ((s.quotes || []).length) {
    const by = new Map();
    for (const q of s.quotes) {
      const k = q.speaker || 'Unattributed';
      if (!by.has(k)) by.set(k, []);
      by.get(k).push(q);
    }
    kids.push(section('Quotes', ...[...by.entries()].map(([who, qs]) => el('div', { class: 'speaker' },
      el('h4', { text: who + ' (' + qs.length + ')' }),
      ...qs.map((q) => el('blockquote', null, sourceLink(s.id, q, (q.direct ? '“' + q.text + '”' : q.text))))))));
  }
  if ((s.events || []).length) {
    const head = ['Event', 'Source', 'Target', 'Where', 'When', 'Sentence'];
    kids.push(section('Events', el('table', null,
      el('thead', null, el('tr', null, ...head.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', null, ...s.events.map((e) => el('tr', null,
        el('td', { text: e.code + ' ' + (e.label || '') }),
        el('td', { text: e.source ? (e.source.name || '') + (e.source.code ? ' [' + e.source.code + ']' : '') : '' }),
        el('td', { text: e.target ? (e.target.name || '') + (e.target.code ? ' [' + e.target.code + ']' : '') : '' }),
        el('td', { text: e.location || '' }), el('td', { text: e.date || '' }),
        el('td', null, sourceLink(s.id, e, e.text || 'source'))))))));
  }
  if ((s.disagreements || []).length) {
    // each disagreement: what it is about, then its sides next to each other, each with its
    // speaker, what they claim (modality or value) and the passage in its source
    kids.push(section('Disagreements', ...s.disagreements.map((d) => {
      const sides = d.claims || [d.a, d.b].filter(Boolean);
      const side = (c) => el('div', { class: 'side' },
        el('strong', { text: c.speaker || 'unattributed' }),
        el('span', { class: 'muted', text: ' ' + [c.modality, c.value].filter(Boolean).join(': ') }), el('br'),
        c.article ? sourceLink(s.id, c, c.text || 'source') : (c.text || JSON.stringify(c)));
      if (!sides.length) return el('pre', { text: JSON.stringify(d) });
      return el('div', { class: 'disagreement' },
        el('p', { text: (d.kind ? d.kind + ' — ' : '') + (d.what || '') }),
        el('div', { class: 'pair' }, ...sides.map(side)));
    })));
  }
  if ((s.articles || []).length)
    kids.push(section('Articles', el('ul', null, ...s.articles.map((a) => el('li', null,
      el('a', { href: '#article/' + encodeURIComponent(a.id) + '/0/0/' + s.id, text: a.title || a.id }),
      el('span', { class: 'muted', text: ' ' + [a.source, a.published].filter(Boolean).join(' · ') }))))));
  main.replaceChildren(...kids);
}

async function showStory(id) {
  state.story = id;
  markCurrent();
  try {
    renderStory(await api('/api/stories/' + encodeURIComponent(id)));
  } catch (e) {
    $('main').replaceChildren(el('p', { role: 'alert', text: 'Could not load the story: ' + e.message }));
  }
  window.scrollTo(0, 0);
  $('main').focus({ preventScroll: true });
}

/* ---- article view with a highlighted passage -------------------------------------------- */
async function showArticle(id, start, end, story) {
  try {
    const a = await api('/api/articles/' + encodeURIComponent(id));
    const [pre, hit, post] = splitBytes(a.text || '', start, end);
    const text = el('div', { class: 'article-text' }, pre);
    let mark = null;
    if (hit) { mark = el('mark', { id: 'passage', tabindex: '-1', text: hit }); text.append(mark); }
    text.append(post);
    $('main').replaceChildren(
      el('p', null, el('a', { href: '#story/' + (story || a.story), text: '← Back to the story' })),
      el('h2', { text: a.title || a.id }),
      el('p', { class: 'muted', text: [a.source, a.published, a.url].filter(Boolean).join(' · ') }),
      hit ? el('p', { class: 'muted', text: 'The highlighted passage is the source of the sentence you chose.' }) : null,
      text);
    if (mark) { mark.scrollIntoView({ block: 'center' }); mark.focus(); } else $('main').focus();
  } catch (e) {
    $('main').replaceChildren(el('p', { role: 'alert', text: 'Could not load the article: ' + e.message }));
  }
}

/* ---- search ----------------------------------------------------------------------------- */
async function showSearch(q) {
  $('q').value = q;
  try {
    const r = await api('/api/search?q=' + encodeURIComponent(q));
    $('main').replaceChildren(el('h2', { text: 'Search: ' + q }),
      el('p', { class: 'muted', role: 'status', text: r.results.length + ' result' + (r.results.length === 1 ? '' : 's') }),
      el('ol', { class: 'results' }, ...r.results.map((x) => el('li', null,
        el('a', { href: '#article/' + encodeURIComponent(x.id) + '/0/0/' + (x.story || ''), text: x.title || x.id }),
        x.story ? el('span', null, ' · ', el('a', { href: '#story/' + x.story, text: 'story' })) : null,
        el('p', null, ...x.snippet.map((p) => p.hit ? el('mark', { text: p.text }) : p.text))))));
  } catch (e) {
    $('main').replaceChildren(el('p', { role: 'alert', text: 'Search failed: ' + e.message }));
  }
  window.scrollTo(0, 0);
  $('main').focus({ preventScroll: true });
}

/* ---- routing ---------------------------------------------------------------------------- */
function route() {
  const h = decodeURIComponent(location.hash.slice(1));
  let m;
  if ((m = h.match(/^story\/(.+)$/))) return showStory(m[1]);
  if ((m = h.match(/^article\/([^/]+)\/(\d+)\/(\d+)\/(.*)$/))) return showArticle(m[1], +m[2], +m[3], m[4]);
  if ((m = h.match(/^search\/(.+)$/s))) return showSearch(m[1]);
}

document.addEventListener('DOMContentLoaded', () => {
  $('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = $('q').value.trim();
    if (q) location.hash = 'search/' + encodeURIComponent(q);
  });
  window.addEventListener('hashchange', route);
  loadList();
  setInterval(loadList, POLL_MS);
  route();
});
