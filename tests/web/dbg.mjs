import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage();
p.on('console', (m) => console.log('console', m.type(), m.text(), JSON.stringify(m.location())));
p.on('request', (r) => console.log('req', r.url()));
p.on('response', (r) => console.log('resp', r.status(), r.url()));
await p.goto(process.argv[2]);
await p.waitForTimeout(1500);
await b.close();
