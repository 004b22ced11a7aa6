// Checks a WebSocket echo server from a page in headless Chromium (Debian's chromium, driven by
// playwright-core): the browser's own WebSocket, a peer no one here wrote.
// Usage: node chromium-client.mjs URL
// Prints one line per check: "PASS name", "FAIL name: why", "SKIP name: why" or "INFO ...";
// exits 1 if any failed.
import { chromium } from 'playwright-core';

const url = process.argv[2];
const TIMEOUT_MS = 10000;
// As the machine's notes advise: without the background-networking flags Chromium tries to reach
// Google's hosts at every start, which this closed network refuses.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Runs in the page: every check over one WebSocket; returns [{name, error}] and info. */
async function inPage({ url, timeoutMs }) {
  const results = [];
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const queue = [];
  const waiters = [];
  ws.onmessage = (e) => { if (waiters.length) waiters.shift()(e.data); else queue.push(e.data); };
  const next = () => new Promise((resolve, reject) => {
    if (queue.length) return resolve(queue.shift());
    const waiter = (d) => { clearTimeout(timer); resolve(d); };
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(waiter), 1);
      reject(new Error('no message within ' + timeoutMs + ' ms'));
    }, timeoutMs);
    waiters.push(waiter);
  });
  const check = async (name, body) => {
    try { await body(); results.push({ name, error: null }); } catch (e) { results.push({ name, error: e.message }); }
  };
  const text = async (want) => {
    const got = await next();
    if (typeof got !== 'string') throw new Error('got a binary message, expected text');
    if (got !== want) throw new Error('got ' + JSON.stringify(got.slice(0, 60)) + ', expected ' + JSON.stringify(want.slice(0, 60)));
  };
  const binary = async (want) => {
    const got = await next();
    if (typeof got === 'string') throw new Error('got a text message, expected binary');
    const g = new Uint8Array(got);
    if (g.length !== want.length || g.some((b, i) => b !== want[i])) throw new Error('echoed bytes differ (' + g.length + ' bytes)');
  };

  await check('open', () => new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error('connection failed'));
    setTimeout(() => reject(new Error('not open within ' + timeoutMs + ' ms')), timeoutMs);
  }));
  if (results[0].error) return { results, extensions: '' };
  await check('text', async () => { ws.send('hello'); await text('hello'); });
  await check('unicode', async () => { const s = 'héllo wörld 🎉'; ws.send(s); await text(s); });
  await check('empty', async () => { ws.send(''); await text(''); });
  await check('binary', async () => {
    const b = Uint8Array.from({ length: 256 }, (_, i) => i);
    ws.send(b);
    await binary(b);
  });
  await check('1 MiB', async () => {
    const b = new Uint8Array(1 << 20);
    for (let i = 0; i < b.length; i++) b[i] = (i * 31 + (i >> 11)) & 0xff;
    ws.send(b);
    await binary(b);
  });
  await check('100 in order', async () => {
    for (let i = 0; i < 100; i++) ws.send('n' + i);
    for (let i = 0; i < 100; i++) await text('n' + i);
  });
  const extensions = ws.extensions;
  await check('close 4000 bye', () => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no close within ' + timeoutMs + ' ms')), timeoutMs);
    ws.onclose = (e) => {
      clearTimeout(timer);
      if (e.code === 4000 && e.reason === 'bye' && e.wasClean) resolve();
      else reject(new Error('closed with ' + e.code + ' ' + JSON.stringify(e.reason) + (e.wasClean ? '' : ' (unclean)') + ', expected 4000 "bye"'));
    };
    ws.close(4000, 'bye');
  }));
  return { results, extensions };
}

let failed = false;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
try {
  const page = await browser.newPage();
  console.log('INFO ' + (await browser.version()));
  const { results, extensions } = await page.evaluate(inPage, { url, timeoutMs: TIMEOUT_MS });
  for (const r of results) {
    if (r.error === null) console.log('PASS ' + r.name);
    else { failed = true; console.log('FAIL ' + r.name + ': ' + r.error); }
  }
  console.log('INFO the browser offers permessage-deflate; negotiated: ' + (extensions || 'none'));
  console.log('SKIP ping/pong: the browser WebSocket API has no ping');
} catch (e) {
  failed = true;
  console.log('FAIL browser: ' + (e.message || e));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
