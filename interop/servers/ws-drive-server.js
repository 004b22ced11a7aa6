// A server on Node's `ws` that drives a client which echoes (sockjet connect --echo): on each
// connection it sends text, unicode, empty, binary, 1 MiB and 100 ordered messages and a ping,
// expects every message back unchanged (same type, same order) and the pong, then closes with
// 1000 "all echoed", or with 4001 and the first failure as the reason.
// Prints "PORT <n>" once listening, then one line per check ("PASS name" / "FAIL name: why").
// Stops on stdin EOF.
'use strict';
const { WebSocketServer } = require('ws');

const TIMEOUT_MS = 10000;
const big = Buffer.alloc(1 << 20);
for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 11)) & 0xff;
const script = [
  ['text', 'hello'],
  ['unicode', 'héllo wörld 🎉'],
  ['empty', ''],
  ['binary', Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
  ['1 MiB', big],
];
for (let i = 0; i < 100; i++) script.push(['100 in order', 'n' + i]);

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 << 20 });
wss.on('listening', () => console.log('PORT ' + wss.address().port));
wss.on('connection', (ws) => {
  const failures = new Map(); // check name -> first failure
  const names = [...new Set(script.map(([name]) => name)), 'ping/pong'];
  let index = 0;
  const finish = () => {
    clearTimeout(timer);
    for (const name of names) {
      console.log(failures.has(name) ? 'FAIL ' + name + ': ' + failures.get(name) : 'PASS ' + name);
    }
    const first = failures.entries().next().value;
    if (first) ws.close(4001, (first[0] + ': ' + first[1]).slice(0, 120));
    else ws.close(1000, 'all echoed');
  };
  const timer = setTimeout(() => {
    if (index < script.length) failures.set(script[index][0], 'no echo within ' + TIMEOUT_MS + ' ms');
    if (!pongSeen) failures.set('ping/pong', 'no pong within ' + TIMEOUT_MS + ' ms');
    finish();
  }, TIMEOUT_MS);
  let pongSeen = false;
  const maybeDone = () => { if (index === script.length && pongSeen) finish(); };
  ws.on('pong', (data) => {
    pongSeen = true;
    if (data.toString() !== 'are you there') failures.set('ping/pong', 'pong payload differs');
    maybeDone();
  });
  ws.on('message', (data, isBinary) => {
    if (index >= script.length) { failures.set('extra', 'a message nobody sent came back'); return; }
    const [name, sent] = script[index++];
    const sentBinary = Buffer.isBuffer(sent);
    if (isBinary !== sentBinary) failures.set(name, 'came back as ' + (isBinary ? 'binary' : 'text'));
    else if (!Buffer.from(data).equals(Buffer.from(sent))) failures.set(name, 'came back changed');
    maybeDone();
  });
  for (const [, message] of script) ws.send(message, { binary: Buffer.isBuffer(message) });
  ws.ping('are you there');
});
process.stdin.on('end', () => process.exit(0)); // closing our stdin stops us
process.stdin.resume();
