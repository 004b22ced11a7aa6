// The Sockjet chat page. Protocol (see ChatEvents.java): the page connects to
// /chat?name=NAME&room=ROOM, sends each message as plain text, and receives JSON events for its
// room: welcome, presence, message, error. The user list is the welcome's, then each presence
// event's left removed and joined added. Going to another room closes the connection and opens one
// with the new ?room=. GET /rooms lists the rooms with people in them. Everything people typed is
// put in the page with textContent, never as markup.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const joinForm = $('join');
  const nameInput = $('name');
  const roomInput = $('room-name');
  const joinError = $('join-error');
  const room = $('room');
  const roomTitle = $('room-title');
  const list = $('messages');
  const sayForm = $('say');
  const textInput = $('text');
  const usersList = $('users');
  const count = $('count');
  const status = $('status');
  const switchForm = $('switch');
  const switchInput = $('switch-room');
  const roomLists = [$('room-list'), $('known-rooms')];
  const knownHeading = $('known-heading');
  const MAX_ITEMS = 500; // older lines are dropped so a long session stays light
  const DEFAULT_ROOM = 'lobby';
  const ROOM_NAME = /^[A-Za-z0-9._-]{1,64}$/; // the server's rule (RoomName.java): 400 otherwise
  const ROOMS_EVERY_MS = 5000; // how often the room list is fetched again

  let ws = null;
  let me = null;
  let wanted = '';
  let current = DEFAULT_ROOM;
  let users = [];
  let roomsTimer = 0;

  try {
    nameInput.value = localStorage.getItem('sockjet.chat.name') || '';
    roomInput.value = localStorage.getItem('sockjet.chat.room') || '';
  } catch (e) { /* storage may be disabled */ }
  const linked = location.hash.slice(1); // a shared link names its room: http://host/#ROOM
  if (ROOM_NAME.test(linked)) roomInput.value = linked;

  joinForm.addEventListener('submit', (e) => {
    e.preventDefault();
    wanted = nameInput.value.trim();
    const chosen = roomInput.value.trim() || DEFAULT_ROOM;
    if (!wanted) return;
    if (!ROOM_NAME.test(chosen)) {
      joinError.textContent = 'A room name is 1 to 64 letters, digits, -, _ or .';
      joinError.hidden = false;
      return;
    }
    try {
      localStorage.setItem('sockjet.chat.name', wanted);
      localStorage.setItem('sockjet.chat.room', chosen);
    } catch (err) { /* ignore */ }
    connect(chosen);
  });

  sayForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = textInput.value;
    if (!text.trim() || !ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(text);
    textInput.value = '';
  });

  switchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = switchInput.value.trim();
    if (!ROOM_NAME.test(chosen)) {
      notice('A room name is 1 to 64 letters, digits, -, _ or .', 'error');
      return;
    }
    switchInput.value = '';
    goTo(chosen);
  });

  /** Leaves the current room for `name`: a new connection, with ?room=. */
  function goTo(name) {
    if (name === current && ws && ws.readyState === WebSocket.OPEN) return;
    try { localStorage.setItem('sockjet.chat.room', name); } catch (err) { /* ignore */ }
    const old = ws;
    connect(name);
    if (old) old.close(1000, 'going to another room');
  }

  function connect(name) {
    current = name;
    me = null;
    joinError.hidden = true;
    joinForm.querySelector('button').disabled = true;
    setStatus('connecting', `connecting to ${name}…`);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/chat?name=${encodeURIComponent(wanted)}`
      + `&room=${encodeURIComponent(name)}`);
    ws = socket;
    socket.addEventListener('message', (e) => {
      if (ws !== socket) return; // a room left behind
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
        joinError.textContent = `Could not join ${name} (${why}). Is the server running?`;
        joinError.hidden = false;
        showJoin();
        return;
      }
      notice(`Disconnected (${why}). Join again to come back.`, 'error');
      me = null;
      sayForm.querySelector('button').disabled = true;
      textInput.disabled = true;
      showJoin();
    });
  }

  function showJoin() {
    joinForm.hidden = false;
    room.hidden = true;
    roomTitle.textContent = '';
    refreshRooms();
  }

  function handle(event) {
    switch (event.type) {
      case 'welcome':
        me = event.name;
        users = Array.isArray(event.users) ? event.users.slice() : [];
        list.replaceChildren(); // a new room: its conversation starts here
        renderUsers();
        joinForm.hidden = true;
        room.hidden = false;
        roomTitle.textContent = current;
        history.replaceState(null, '', `#${current}`);
        textInput.disabled = false;
        sayForm.querySelector('button').disabled = false;
        setStatus('online', `online as ${me} in ${current}`);
        textInput.focus();
        refreshRooms();
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
        for (const name of joined) {
          notice(name === me ? `You joined as ${me}` : `${name} joined`);
        }
        refreshRooms();
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

  /** Fetches the room list now, and again every few seconds while the page is open. */
  async function refreshRooms() {
    clearTimeout(roomsTimer);
    roomsTimer = setTimeout(refreshRooms, ROOMS_EVERY_MS);
    try {
      const response = await fetch('/rooms', { cache: 'no-store' });
      if (!response.ok) return;
      const body = await response.json();
      renderRooms(Array.isArray(body.rooms) ? body.rooms : []);
    } catch (e) { /* the server is away; the next try may work */ }
  }

  function renderRooms(rooms) {
    knownHeading.hidden = rooms.length === 0;
    for (const target of roomLists) {
      target.replaceChildren(...rooms.map((r) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.room = r.name;
        button.className = r.name === current && !room.hidden ? 'here' : '';
        const label = document.createElement('span');
        label.textContent = r.name;
        const members = document.createElement('span');
        members.className = 'members';
        members.textContent = String(r.members);
        button.append(label, members);
        button.addEventListener('click', () => {
          if (room.hidden) roomInput.value = r.name; // on the join form: pick it
          else goTo(r.name);
        });
        li.append(button);
        return li;
      }));
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

  refreshRooms();
})();
