// Echo server on Node's `ws` for side-by-side runs (bench/compare.sh), under the same contract as
// the Java servers in sockjet-bench's io.sockjet.bench.peers (see PeerContract.java there):
//   node --expose-gc bench/ws-bench-server.js <port>
// - listens on 127.0.0.1:<port> and prints "READY <port> node-ws pid <pid>" once listening;
// - echoes text as text and binary as binary; ws's defaults otherwise (permessage-deflate is off
//   on a ws server unless configured, so nothing is negotiated);
// - a text message "broadcast:<count>:<body>" sends <body> to every client <count> times, with the
//   loop over wss.clients that ws's README gives for broadcasting;
// - SIGUSR2 runs a full GC (when started with --expose-gc) and prints
//   "HEAP used=<bytes> rss=<bytes>", so the script can take heap per idle connection.
// ws is the one interop/setup.sh installs into interop/node_modules.
'use strict';
const path = require('path');
const { WebSocketServer } = require(require.resolve('ws', { paths: [path.join(__dirname, '..', 'interop')] }));

const port = Number(process.argv[2]);
if (!Number.isInteger(port)) {
  console.error('usage: node --expose-gc ws-bench-server.js <port>');
  process.exit(2);
}
const TRIGGER = 'broadcast:';

const wss = new WebSocketServer({ host: '127.0.0.1', port });
wss.on('listening', () => console.log(`READY ${wss.address().port} node-ws pid ${process.pid}`));
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.length > TRIGGER.length && data.toString('latin1', 0, TRIGGER.length) === TRIGGER) {
      const text = data.toString('utf8');
      const colon = text.indexOf(':', TRIGGER.length);
      const count = colon < 0 ? NaN : Number(text.slice(TRIGGER.length, colon));
      if (Number.isInteger(count)) {
        const body = text.slice(colon + 1);
        for (let i = 0; i < count; i++) {
          for (const client of wss.clients) {
            if (client.readyState === client.OPEN) client.send(body);
          }
        }
        return;
      }
    }
    ws.send(data, { binary: isBinary });
  });
});
process.on('SIGUSR2', () => {
  if (global.gc) {
    global.gc();
    global.gc();
  }
  const m = process.memoryUsage();
  console.log(`HEAP used=${m.heapUsed} rss=${m.rss}${global.gc ? '' : ' (no --expose-gc: not collected)'}`);
});
