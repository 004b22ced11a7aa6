// Checks a WebSocket echo server with Node's `ws` client, a peer no one here wrote.
// Usage: node ws-client.js URL [--deflate]
// Prints one line per check: "PASS name", "FAIL name: why" or "INFO ..."; exits 1 if any failed.
// --deflate offers permessage-deflate and reports what the server negotiated.
'use strict';
const WebSocket = require('ws');

const url = process.argv[2];
const deflate = process.argv.includes('--deflate');
const TIMEOUT_MS = 10000;
let failed = false;

function pass(name) {
  console.log('PASS ' + name);
}

function fail(name, why) {
  failed = true;
  console.log('FAIL ' + name + ': ' + why);
}

/** Messages in arrival order; next() waits for one, at most TIMEOUT_MS. */
function inbox(ws) {
  const queue = [];
  const waiters = [];
  ws.on('message', (data, isBinary) => {
    const m = { data, isBinary };
    if (waiters.length) waiters.shift()(m); else queue.push(m);
  });
  return () => new Promise((resolve, reject) => {
    if (queue.length) return resolve(queue.shift());
    const waiter = (m) => { clearTimeout(timer); resolve(m); };
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(waiter), 1);
      reject(new Error('no message within ' + TIMEOUT_MS + ' ms'));
    }, TIMEOUT_MS);
    waiters.push(waiter);
  });
}

async function check(name, body) {
  try {
    await body();
    pass(name);
  } catch (e) {
    fail(name, e.message);
  }
}

function expectText(m, want) {
  if (m.isBinary) throw new Error('got a binary message, expected text');
  const got = m.data.toString('utf8');
  if (got !== want) {
    throw new Error('got ' + JSON.stringify(got.slice(0, 60)) + ', expected ' + JSON.stringify(want.slice(0, 60)));
  }
}

function expectBinary(m, want) {
  if (!m.isBinary) throw new Error('got a text message, expected binary');
  if (!Buffer.from(m.data).equals(want)) throw new Error('echoed bytes differ (' + m.data.length + ' bytes, expected ' + want.length + ')');
}

async function main() {
  const ws = new WebSocket(url, { perMessageDeflate: deflate, maxPayload: 64 << 20 });
  const next = inbox(ws);
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
      setTimeout(() => reject(new Error('not open within ' + TIMEOUT_MS + ' ms')), TIMEOUT_MS);
    });
  } catch (e) {
    fail('open', e.message);
    process.exit(1);
  }
  pass('open');
  if (deflate) {
    console.log('INFO offered permessage-deflate; negotiated: ' + (ws.extensions || 'none'));
  }

  await check('text', async () => { ws.send('hello'); expectText(await next(), 'hello'); });
  await check('unicode', async () => { const s = 'héllo wörld 🎉'; ws.send(s); expectText(await next(), s); });
  await check('empty', async () => { ws.send(''); expectText(await next(), ''); });
  await check('binary', async () => {
    const b = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    ws.send(b, { binary: true });
    expectBinary(await next(), b);
  });
  await check('1 MiB', async () => {
    const b = Buffer.alloc(1 << 20);
    for (let i = 0; i < b.length; i++) b[i] = (i * 31 + (i >> 11)) & 0xff;
    ws.send(b, { binary: true });
    expectBinary(await next(), b);
  });
  await check('100 in order', async () => {
    for (let i = 0; i < 100; i++) ws.send('n' + i);
    for (let i = 0; i < 100; i++) expectText(await next(), 'n' + i);
  });
  await check('ping/pong', () => new Promise((resolve, reject) => {
    const payload = Buffer.from('are you there');
    const timer = setTimeout(() => reject(new Error('no pong within ' + TIMEOUT_MS + ' ms')), TIMEOUT_MS);
    ws.once('pong', (data) => {
      clearTimeout(timer);
      if (Buffer.from(data).equals(payload)) resolve(); else reject(new Error('pong payload differs'));
    });
    ws.ping(payload);
  }));
  await check('close 4000 bye', () => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no close within ' + TIMEOUT_MS + ' ms')), TIMEOUT_MS);
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      if (code === 4000 && reason.toString() === 'bye') resolve();
      else reject(new Error('closed with ' + code + ' ' + JSON.stringify(reason.toString()) + ', expected 4000 "bye"'));
    });
    ws.close(4000, 'bye');
  }));
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { fail('client', e.stack || String(e)); process.exit(1); });
