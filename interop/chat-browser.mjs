#!/usr/bin/env node
// The chat page of `sockjet serve` in a real browser: headless Chromium driven by playwright-core.
//
//   node interop/chat-browser.mjs SCREENSHOT.png [URL]
//
// Without URL it starts `./sockjet serve --host 127.0.0.1 --port 0` (which builds the jar when
// missing) and stops it with SIGTERM at the end; with URL (http://host:port/) it uses that server.
// Two people, each in their own browser context, join the default room; each must see the other
// join and the other's messages, a message full of markup must show as text and run nothing, the
// user lists must agree, and one leaving must be shown to the other. Then rooms: two pages join
// room blue and one room green; each message reaches only the pages of its room, each page's
// list and count of who is here are its room's, the room list shows both rooms with their
// counts, going to another room from that list moves the page there, and a bad room name is
// refused (by the page's form, and by the server at the handshake). A screenshot of a page in
// room blue goes to SCREENSHOT.png. Exits 0 when all of that holds, 1 with the reason
// otherwise.
//
// Needs: Debian package chromium (or CHROMIUM=/path/to/chrome), npm package playwright-core
// (installed next to this file: cd interop && npm install --no-save playwright-core@1.65.1).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const WAIT_MS = 15_000; // one step in the page; generous for a loaded 2-core machine
const START_MS = 240_000; // the first ./sockjet run builds the jar
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run'];

const [screenshot, givenUrl] = process.argv.slice(2);
if (!screenshot) {
  console.error('usage: node interop/chat-browser.mjs SCREENSHOT.png [http://HOST:PORT/]');
  process.exit(2);
}

let playwright;
try {
  playwright = await import('playwright-core');
} catch (e) {
  console.error('chat-browser: playwright-core is not installed; run: '
    + 'cd interop && npm install --no-save playwright-core@1.65.1');
  process.exit(1);
}

/** Starts `sockjet serve` on a free loopback port; resolves with its URL and the process. */
function startServer() {
  return new Promise((resolveStart, reject) => {
    const child = spawn(resolve(root, 'sockjet'), ['serve', '--host', '127.0.0.1', '--port', '0'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = [];
    const timer = setTimeout(() => reject(new Error(
      `sockjet serve did not report its port within ${START_MS / 1000} s:\n${log.join('\n')}`)), START_MS);
    createInterface({ input: child.stderr }).on('line', (line) => log.push(line));
    createInterface({ input: child.stdout }).on('line', (line) => {
      // The listening line: "sockjet: chat server listening on ws://127.0.0.1:PORT/chat".
      const m = /^sockjet: chat server listening on ws:\/\/([^ ]+):(\d+)\/chat$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolveStart({ url: `http://${m[1]}:${m[2]}/`, child, log });
      }
    });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sockjet serve exited with ${code}:\n${log.join('\n')}`));
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited within 10 s. */
async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Opens the page in a fresh context (its own storage) and joins `room` (default: none) as `name`. */
async function join(browser, url, name, problems, room) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 680 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  // CSP violations and script errors show up here: any is a failure.
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`${name}: console: ${msg.text()}`); });
  page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
  const response = await page.goto(url);
  check(response.ok(), `GET ${url}: ${response.status()}`);
  check(response.headers()['content-type'] === 'text/html; charset=utf-8',
    `page content type: ${response.headers()['content-type']}`);
  await page.fill('#name', name);
  if (room) await page.fill('#room-name', room);
  await page.click('#join button[type="submit"]');
  await page.waitForSelector(`#status[data-state="online"]`);
  return { context, page };
}

/** Waits until the element at `selector` shows exactly `text`. */
async function waitForText(page, selector, text, who) {
  try {
    await page.locator(selector, { hasText: new RegExp(`^${text}$`) }).first().waitFor();
  } catch (e) {
    const shown = await page.locator(selector).allTextContents();
    throw new Error(`${who}: ${selector} never showed "${text}"; it shows ${JSON.stringify(shown)}`);
  }
}

async function users(page) {
  return JSON.stringify(await page.locator('#users li').allTextContents());
}

async function noItem(page, text, who) {
  const seen = await page.locator('#messages li').allTextContents();
  check(!seen.some((t) => t.includes(text)), `${who} saw "${text}" from another room: ${JSON.stringify(seen)}`);
}

/**
 * Rooms: Alan and Barbara in blue, Claude in green, Ada still in the lobby. Each negative check
 * ("did not see") comes after the page saw a message sent later than the one it must not have
 * seen: the server queues a room's message to each member as it publishes it, so a page wrongly
 * subscribed would have had the earlier one first.
 */
async function checkRooms(browser, url, ada, problems, screenshot) {
  const alan = await join(browser, url, 'Alan', problems, 'blue');
  const barbara = await join(browser, url, 'Barbara', problems, 'blue');
  const claude = await join(browser, url, 'Claude', problems, 'green');
  await waitForItem(alan.page, '#messages li.notice', 'Barbara joined', 'Alan');
  await waitForText(alan.page, '#room-title', 'blue', 'Alan');
  await waitForText(claude.page, '#room-title', 'green', 'Claude');

  await alan.page.fill('#text', 'Blue team, hello');
  await alan.page.press('#text', 'Enter');
  await waitForItem(barbara.page, '#messages li.message .what', 'Blue team, hello', 'Barbara');
  await claude.page.fill('#text', 'Green is quiet');
  await claude.page.press('#text', 'Enter');
  await waitForItem(claude.page, '#messages li.message .what', 'Green is quiet', 'Claude');
  await noItem(claude.page, 'Blue team', 'Claude');
  await barbara.page.fill('#text', 'Blue again');
  await barbara.page.press('#text', 'Enter');
  await waitForItem(alan.page, '#messages li.message .what', 'Blue again', 'Alan');
  await waitForItem(barbara.page, '#messages li.message .what', 'Blue again', 'Barbara');
  await noItem(alan.page, 'Green is quiet', 'Alan');
  await noItem(barbara.page, 'Green is quiet', 'Barbara');
  await ada.page.fill('#text', 'Lobby check');
  await ada.page.press('#text', 'Enter');
  await waitForItem(ada.page, '#messages li.message .what', 'Lobby check', 'Ada');
  await noItem(ada.page, 'Blue', 'Ada');
  await noItem(ada.page, 'Green', 'Ada');

  // Who is here, per room.
  for (const [who, p] of [['Alan', alan.page], ['Barbara', barbara.page]]) {
    await waitForText(p, '#count', '2', who);
    check(await users(p) === '["Alan","Barbara"]', `${who}'s user list: ${await users(p)}`);
  }
  await waitForText(claude.page, '#count', '1', 'Claude');
  check(await users(claude.page) === '["Claude"]', `Claude's user list: ${await users(claude.page)}`);
  await waitForText(ada.page, '#count', '1', 'Ada');

  // The room list (GET /rooms, fetched on presence events and every few seconds).
  await waitForText(claude.page, '#room-list button[data-room="blue"] .members', '2', 'Claude');
  await waitForText(claude.page, '#room-list button[data-room="green"] .members', '1', 'Claude');
  await waitForText(claude.page, '#room-list button[data-room="lobby"] .members', '1', 'Claude');

  // Claude goes to blue from the list: a new connection with ?room=blue.
  await claude.page.click('#room-list button[data-room="blue"]');
  await waitForText(claude.page, '#room-title', 'blue', 'Claude');
  await waitForItem(alan.page, '#messages li.notice', 'Claude joined', 'Alan');
  await waitForText(alan.page, '#count', '3', 'Alan');
  await waitForText(claude.page, '#count', '3', 'Claude');
  check(await users(claude.page) === '["Alan","Barbara","Claude"]',
    `Claude's user list in blue: ${await users(claude.page)}`);
  await noItem(claude.page, 'Green is quiet', 'Claude (the old room\'s messages were cleared)');
  await claude.page.fill('#text', 'Hello blue');
  await claude.page.press('#text', 'Enter');
  await waitForItem(barbara.page, '#messages li.message .what', 'Hello blue', 'Barbara');
  await waitForText(barbara.page, '#room-list button[data-room="blue"] .members', '3', 'Barbara');
  mkdirSync(dirname(resolve(screenshot)), { recursive: true });
  await barbara.page.screenshot({ path: screenshot });

  // A bad room name: the form refuses it, and so does the server, at the handshake.
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(url);
  await page.fill('#name', 'Eve');
  await page.fill('#room-name', 'no spaces here');
  await page.click('#join button[type="submit"]');
  await waitForItem(page, '#join-error', 'A room name is', 'Eve');
  const refused = await page.evaluate(() => new Promise((resolve) => {
    const socket = new WebSocket(`ws://${location.host}/chat?room=no%20spaces&name=Eve`);
    let opened = false;
    socket.onopen = () => { opened = true; };
    socket.onclose = (e) => resolve({ opened, code: e.code });
  }));
  check(!refused.opened && refused.code === 1006, `bad room name: ${JSON.stringify(refused)}`);
  await context.close();
  for (const c of [alan, barbara, claude]) await c.context.close();
}

async function waitForItem(page, selector, text, who) {
  try {
    await page.locator(selector, { hasText: text }).first().waitFor();
  } catch (e) {
    const seen = await page.locator('#messages li').allTextContents();
    throw new Error(`${who} never saw ${selector} "${text}"; the page shows: ${JSON.stringify(seen)}`);
  }
}

let server = null;
let browser = null;
let status = 1;
try {
  let url = givenUrl;
  if (!url) {
    server = await startServer();
    url = server.url;
  }
  browser = await playwright.chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  const problems = [];
  const ada = await join(browser, url, 'Ada', problems);
  const grace = await join(browser, url, 'Grace', problems);

  await waitForItem(ada.page, '#messages li.notice', 'Grace joined', 'Ada');
  await waitForItem(grace.page, '#messages li.notice', 'You joined as Grace', 'Grace');

  await ada.page.fill('#text', 'Hello Grace! Shall we try the new WebSocket server? Café time ✓');
  await ada.page.press('#text', 'Enter');
  await waitForItem(grace.page, '#messages li.message .what', 'Shall we try the new WebSocket server?', 'Grace');

  const markup = '<img src=x onerror="window.pwned=1"><b>Hi Ada</b> — it works & looks good';
  await grace.page.fill('#text', markup);
  await grace.page.click('#say button');
  await waitForItem(ada.page, '#messages li.message .what', 'looks good', 'Ada');
  const shown = await ada.page.locator('#messages li.message .what').last().textContent();
  check(shown === markup, `markup was not shown as text: ${JSON.stringify(shown)}`);
  check(await ada.page.locator('#messages img, #messages b').count() === 0, 'a message became markup');
  check(await ada.page.evaluate(() => window.pwned === undefined), 'a message ran script');

  await ada.page.fill('#text', 'Great, messages arrive live, with who joined and left.');
  await ada.page.press('#text', 'Enter');
  await waitForItem(grace.page, '#messages li.message .what', 'arrive live', 'Grace');

  for (const [who, p] of [['Ada', ada.page], ['Grace', grace.page]]) {
    const users = await p.locator('#users li').allTextContents();
    check(JSON.stringify(users) === JSON.stringify(['Ada', 'Grace']), `${who}'s user list: ${users}`);
  }

  await grace.context.close();
  await waitForItem(ada.page, '#messages li.notice', 'Grace left', 'Ada');
  check(JSON.stringify(await ada.page.locator('#users li').allTextContents()) === '["Ada"]',
    'Grace still listed after leaving');

  await checkRooms(browser, url, ada, problems, screenshot);

  check(problems.length === 0, `browser errors:\n${problems.join('\n')}`);
  console.log(`chat-browser: ok: two people joined ${url}, saw each other's messages and `
    + `join/leave notices; two rooms kept their messages and members apart, a page moved `
    + `between them, a bad room name was refused; screenshot ${screenshot} `
    + `(Chromium ${browser.version()})`);
  status = 0;
} catch (e) {
  console.error(`chat-browser: FAILED: ${e.message}`);
  if (server) console.error(`server log:\n${server.log.join('\n')}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) await stopServer(server.child);
}
process.exit(status);
