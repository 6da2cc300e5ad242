// browser.mjs — drives Debian's headless chromium (playwright-core) through the Storyline
// web page served by `storyline serve`: the seed stories are listed, a story opens with its
// summary and the sources' disagreement side by side with speakers, a summary sentence leads
// to its source passage highlighted in the article, a
// search for "Vladivostok" finds it, and the phone layout has no horizontal scroll.
// usage: node browser.mjs BASE_URL SCREENSHOT.png
import { chromium } from 'playwright-core';

const [base, shot] = process.argv.slice(2);
const fail = (m) => { console.error('browser.mjs: FAIL: ' + m); process.exitCode = 1; };
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(r.status() + ' ' + r.url()); });
  await page.goto(base + '/');
  // the seed stories (the seeds form one story about a Trump–Putin meeting)
  const first = page.locator('#stories a').first();
  await first.waitFor({ timeout: 10000 });
  const n = await page.locator('#stories a').count();
  if (n < 1) fail('no story listed');
  const title = await first.locator('.title').textContent();
  if (!/Putin|Trump/.test(title)) fail('unexpected first story title: ' + title);
  // open it with the keyboard and read its summary
  await first.focus();
  await page.keyboard.press('Enter');
  await page.locator('#story-title').waitFor({ timeout: 10000 });
  const sents = page.locator('.summary li a');
  await sents.first().waitFor({ timeout: 10000 });
  const sentence = (await sents.first().textContent()).trim();
  if (sentence.split(/\s+/).length < 5) fail('summary sentence too short: ' + sentence);
  // the sources' disagreement about the meeting, side by side with its speakers
  const sides = page.locator('.disagreement .pair > .side');
  if (await sides.count() < 2) fail('no disagreement shown side by side');
  const sideText = (await sides.allTextContents()).join(' | ');
  if (!/Tillerson/.test(sideText) || !/Peskov|Ushakov/.test(sideText)) fail('disagreement sides lack their speakers: ' + sideText);
  await page.screenshot({ path: shot, type: 'png' });
  // follow the sentence to its source passage
  await sents.first().click();
  const mark = page.locator('#passage');
  await mark.waitFor({ timeout: 10000 });
  const passage = (await mark.textContent()).trim();
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  if (!norm(passage).includes(norm(sentence).slice(0, 40))) fail('highlighted passage does not hold the sentence:\n  ' + passage + '\n  ' + sentence);
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  if (focused !== 'passage') fail('the passage is not focused (keyboard users would lose it)');
  // search
  await page.getByLabel('Search articles').fill('Vladivostok');
  await page.keyboard.press('Enter');
  await page.locator('.results li').first().waitFor({ timeout: 10000 });
  const hits = await page.locator('.results mark').allTextContents();
  if (!hits.some((h) => /vladivostok/i.test(h))) fail('search results do not highlight Vladivostok: ' + hits.join(', '));
  // phone: one column, nothing wider than the screen
  await page.setViewportSize({ width: 375, height: 700 });
  await page.goto(base + '/#story/' + (await page.locator('#stories a').first().getAttribute('data-id')));
  await page.locator('#story-title').waitFor({ timeout: 10000 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (wide) fail('page scrolls sideways on a 375 px phone screen');
  if (errors.length) fail('errors in the page: ' + errors.join(' | '));
  if (!process.exitCode) console.log('browser.mjs: ok (' + n + ' stories; sentence: "' + sentence.slice(0, 60) + '…")');
} catch (e) {
  fail(e.stack || String(e));
} finally {
  await browser.close();
}
