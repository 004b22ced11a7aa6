// The Sockjet chat page. Protocol (see ChatEvents.java): the page connects to /chat?name=NAME,
// sends each message as plain text, and receives JSON events: welcome, presence, message, error.
// The user list is the welcome's, then each presence event's left removed and joined added. Everything people typed is put in the page with textContent, never as markup.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const joinForm = $('join');
  const nameInput = $('name');
  const joinError = $('join-error');
  const room = $('room');
  const list = $('messages');
  const sayForm = $('say');
  const textInput = $('text');
  const usersList = $('users');
  const count = $('count');
  const status = $('status');
  const MAX_ITEMS = 500; // older lines are dropped so a long session stays light

  let ws = null;
  let me = null;
  let wanted = '';
  let users = [];

  try {
    nameInput.value = localStorage.getItem('sockjet.chat.name') || '';
  } catch (e) { /* storage may be disabled */ }

  joinForm.addEventListener('submit', (e) => {
    e.preventDefault();
    wanted = nameInput.value.trim();
    if (!wanted) return;
    try { localStorage.setItem('sockjet.chat.name', wanted); } catch (err) { /* ignore */ }
    connect();
  });

  sayForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = textInput.value;
    if (!text.trim() || !ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(text);
    textInput.value = '';
  });

  function connect() {
    joinError.hidden = true;
    joinForm.querySelector('button').disabled = true;
    setStatus('connecting', 'connecting…');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/chat?name=${encodeURIComponent(wanted)}`);
    ws = socket;
    socket.addEventListener('message', (e) => {
      let event;
      try { event = JSON.parse(e.data); } catch (err) { return; }
      handle(event);
    });
    socket.addEventListener('close', (e) => {
      if (ws !== socket) return;
      const why = e.reason ? `${e.code} ${e.reason}` : `${e.code}`;
      setStatus('offline', 'disconnected');
      joinForm.querySelector('button').disabled = false;
      if (me === null) {
        joinError.textContent = `Could not join (${why}). Is the server running?`;
        joinError.hidden = false;
        return;
      }
      notice(`Disconnected (${why}). Join again to come back.`, 'error');
      me = null;
      sayForm.querySelector('button').disabled = true;
      textInput.disabled = true;
      joinForm.hidden = false;
      room.hidden = true;
    });
  }

  function handle(event) {
    switch (event.type) {
      case 'welcome':
        me = event.name;
        users = Array.isArray(event.users) ? event.users.slice() : [];
        renderUsers();
        joinForm.hidden = true;
        room.hidden = false;
        textInput.disabled = false;
        sayForm.querySelector('button').disabled = false;
        setStatus('online', `online as ${me}`);
        textInput.focus();
        break;
      case 'presence': {
        // Joins and leaves of a short window, coalesced by the server: left first, then joined
        // (someone may have left and someone new taken the name).
        const left = Array.isArray(event.left) ? event.left : [];
        const joined = Array.isArray(event.joined) ? event.joined : [];
        const gone = new Set(left);
        users = users.filter((u) => !gone.has(u));
        for (const name of joined) if (!users.includes(name)) users.push(name);
        renderUsers();
        for (const name of left) notice(`${name} left`);
        for (const name of joined) notice(name === me ? `You joined as ${me}` : `${name} joined`);
        break;
      }
      case 'message':
        message(event.name, event.text);
        break;
      case 'error':
        notice(event.text, 'error');
        break;
      default:
        // An event this page does not know (a newer server): nothing to show.
    }
  }

  function message(name, text) {
    const item = document.createElement('li');
    item.className = name === me ? 'message mine' : 'message';
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = name;
    who.style.color = colour(name);
    const time = document.createElement('time');
    const now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    who.append(time);
    const what = document.createElement('div');
    what.className = 'what';
    what.textContent = text;
    item.append(who, what);
    append(item, name === me);
  }

  function notice(text, kind) {
    const item = document.createElement('li');
    item.className = kind ? `notice ${kind}` : 'notice';
    item.textContent = text;
    append(item, false);
  }

  function append(item, forceScroll) {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    list.append(item);
    while (list.children.length > MAX_ITEMS) list.firstElementChild.remove();
    if (atBottom || forceScroll) list.scrollTop = list.scrollHeight;
  }

  function renderUsers() {
    usersList.replaceChildren(...users.map((u) => {
      const li = document.createElement('li');
      li.textContent = u;
      li.style.color = colour(u);
      if (u === me) li.classList.add('me');
      return li;
    }));
    count.textContent = String(users.length);
  }

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  // A stable colour per name, so people are easy to tell apart: FNV-1a over the name, mixed so
  // the low bits depend on every character, picks one of eight well-separated hues.
  const HUES = [215, 4, 145, 28, 275, 185, 330, 48];
  function colour(name) {
    let h = 0x811c9dc5;
    for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
    h = (h ^ (h >>> 16)) >>> 0;
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    return `hsl(${HUES[h % HUES.length]} 65% ${dark ? 68 : 40}%)`;
  }
})();
