// Echo server on Node's `ws` package, a peer no one here wrote. Prints "PORT <n>" once listening.
// A text message "close:<code>:<reason>" makes the server close with that code and reason.
// --max-size N: messages over N bytes close the connection with 1009 (default 64 MiB).
// --late MS: every echo goes out MS milliseconds late.
'use strict';
const { WebSocketServer } = require('ws');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const late = arg('--late', 0);

// With --deflate, permessage-deflate is on and every message is compressed (threshold 0).
const deflate = process.argv.includes('--deflate') ? { threshold: 0 } : false;
const wss = new WebSocketServer({
  host: '127.0.0.1', port: 0, maxPayload: arg('--max-size', 64 * 1024 * 1024),
  perMessageDeflate: deflate,
});
wss.on('listening', () => console.log('PORT ' + wss.address().port));
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      const text = data.toString('utf8');
      const m = /^close:(\d+):(.*)$/s.exec(text);
      if (m) {
        ws.close(Number(m[1]), m[2]);
        return;
      }
    }
    if (!isBinary && data.toString('utf8') === 'extensions?') {
      ws.send(ws.extensions); // what was agreed, as the server sees it
      return;
    }
    if (late > 0) {
      setTimeout(() => ws.send(data, { binary: isBinary }), late);
    } else {
      ws.send(data, { binary: isBinary });
    }
  });
});
process.stdin.on('end', () => process.exit(0)); // the test closes our stdin to stop us
process.stdin.resume();
