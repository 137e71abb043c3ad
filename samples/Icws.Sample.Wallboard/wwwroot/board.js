// Wallboard page: one EventSource on /events. "snapshot" replaces the board, "upsert" and "remove" change one row,
// "status" and "heartbeat" carry the feed's state and the ICWS server's clock; "stats" and "agents" replace the
// statistics and agent panels (the snapshot carries both too). The browser reconnects by itself and
// sends the last event id, so the server resumes where this page stopped (or sends a fresh snapshot).
// Every value goes into the page as text (textContent): a caller's name is text the caller chose.
'use strict';
(() => {
  const STATE_NAMES = {
    O: 'Offering', A: 'Alerting', C: 'Connected', H: 'Held', P: 'Parked', R: 'Proceeding',
    S: 'System', M: 'Voice mail', X: 'Suspended', I: 'Disconnected', E: 'Disconnected',
  };
  const STATE_CLASSES = {
    O: 'waiting', A: 'waiting', C: 'connected', H: 'held', X: 'held', P: 'parked',
    R: 'system', S: 'system', M: 'system', I: 'ended', E: 'ended',
  };
  const TILE_ORDER = ['O', 'A', 'C', 'H', 'X', 'P', 'R', 'S', 'M', 'I', 'E'];
  const WAITING = new Set(['O', 'A']);

  const board = new Map(); // interaction id -> row, as the server sent it
  const rowElements = new Map(); // interaction id -> <tr>
  let queues = [];
  let queueStats = []; // the statistics panel, as the server sent it
  let agents = []; // the agent panel, as the server sent it
  let clockOffset = 0; // the ICWS server's clock minus this browser's, in ms
  let source = null;
  let renderPending = false;

  // What the page has seen; the browser tests (and anyone with a console) read it.
  const stats = { opens: 0, snapshots: 0, upserts: 0, removes: 0, statsEvents: 0, agentEvents: 0, errors: 0, lastEventId: '', status: 'connecting' };
  window.wallboard = { stats, rows: board, panels: () => ({ stats: queueStats, agents }) };

  const $ = (id) => document.getElementById(id);

  const serverNow = () => Date.now() + clockOffset;

  function formatDuration(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const mmss = String(m).padStart(2, '0') + ':' + String(s).padStart(2, '0');
    return h > 0 ? h + ':' + mmss : mmss;
  }

  function stateName(row) {
    return STATE_NAMES[row.state] || row.stateName || row.state || '?';
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // One <tr> per interaction, made once and updated in place; every cell is set with textContent.
  function updateRow(row) {
    let tr = rowElements.get(row.id);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.id = row.id;
      for (const cls of ['c-state', 'c-name', 'c-queue', 'c-user', 'c-wait']) tr.appendChild(element('td', cls));
      rowElements.set(row.id, tr);
    }
    tr.className = 'state-' + (STATE_CLASSES[row.state] || 'other');
    tr.dataset.state = row.state;
    const cells = tr.children;
    cells[0].textContent = stateName(row);
    cells[1].textContent = row.name || '(unknown)';
    cells[2].textContent = row.queue;
    cells[3].textContent = row.user || '';
    cells[4].textContent = row.queuedAt == null ? '' : formatDuration(serverNow() - row.queuedAt);
  }

  function removeRow(id) {
    board.delete(id);
    const tr = rowElements.get(id);
    if (tr) {
      tr.remove();
      rowElements.delete(id);
    }
  }

  // Order (longest in queue first), counts and the queue panel: at most every 50 ms, however fast events come.
  function scheduleRender() {
    if (renderPending) return;
    renderPending = true;
    setTimeout(render, 50);
  }

  function render() {
    renderPending = false;
    const ordered = [...board.values()].sort((a, b) =>
      (a.queuedAt ?? Number.MAX_SAFE_INTEGER) - (b.queuedAt ?? Number.MAX_SAFE_INTEGER) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const tbody = $('rows');
    ordered.forEach((row, index) => {
      const tr = rowElements.get(row.id);
      if (tbody.children[index] !== tr) tbody.insertBefore(tr, tbody.children[index] || null);
    });
    $('empty').hidden = board.size > 0;
    renderCounts();
    tick();
  }

  function renderCounts() {
    const counts = new Map();
    for (const row of board.values()) counts.set(row.state, (counts.get(row.state) || 0) + 1);
    const tiles = [];
    const total = element('div', 'tile total');
    total.append(element('span', 'n', String(board.size)), element('span', 'l', 'Total'));
    tiles.push(total);
    const letters = [...counts.keys()].sort((a, b) => (TILE_ORDER.indexOf(a) + 1 || 99) - (TILE_ORDER.indexOf(b) + 1 || 99));
    for (const letter of letters) {
      const tile = element('div', 'tile state-' + (STATE_CLASSES[letter] || 'other'));
      tile.dataset.state = letter;
      tile.append(element('span', 'n', String(counts.get(letter))), element('span', 'l', STATE_NAMES[letter] || letter));
      tiles.push(tile);
    }
    $('counts').replaceChildren(...tiles);
  }

  // Per queue: how many wait (offering or alerting) and the longest wait, counted on the ICWS server's clock.
  function renderQueues(now) {
    const perQueue = new Map(queues.map((q) => [q, { waiting: 0, oldest: null }]));
    for (const row of board.values()) {
      if (!perQueue.has(row.queue)) perQueue.set(row.queue, { waiting: 0, oldest: null });
      if (!WAITING.has(row.state)) continue;
      const q = perQueue.get(row.queue);
      q.waiting++;
      if (row.queuedAt != null && (q.oldest == null || row.queuedAt < q.oldest)) q.oldest = row.queuedAt;
    }
    const trs = [];
    for (const [name, q] of perQueue) {
      const tr = element('tr', q.waiting > 0 ? 'busy' : '');
      tr.dataset.queue = name;
      tr.append(element('td', '', name || '(none)'), element('td', 'num', String(q.waiting)),
        element('td', 'num', q.oldest == null ? '' : formatDuration(now - q.oldest)));
      trs.push(tr);
    }
    $('queue-rows').replaceChildren(...trs);
  }

  const count = (n) => (n == null ? '-' : String(n));

  // The statistics panel: per queue what the ICWS statistics say; the longest wait counts on from when it began.
  function renderStats(now) {
    const trs = [];
    for (const q of queueStats) {
      const tr = element('tr', q.waiting > 0 ? 'busy' : '');
      tr.dataset.queue = q.queue;
      const longest = q.longestSince != null ? formatDuration(now - q.longestSince) : q.longestMs != null ? formatDuration(q.longestMs) : '-';
      tr.append(element('td', '', q.queue), element('td', 'num', count(q.waiting)), element('td', 'num', longest),
        element('td', 'num', count(q.available) + ' / ' + count(q.total)),
        element('td', 'num', q.percent == null ? '-' : Math.round(q.percent) + '%'));
      trs.push(tr);
    }
    $('stats-rows').replaceChildren(...trs);
  }

  // The agent panel: status text, on the phone, and how long the status has held.
  function renderAgents(now) {
    const trs = [];
    for (const a of agents) {
      const tr = element('tr', (a.onPhone ? 'on-phone' : '') + (a.loggedIn ? '' : ' away'));
      tr.dataset.user = a.user;
      tr.append(element('td', '', a.user), element('td', '', a.status == null ? '…' : a.status),
        element('td', '', a.onPhone ? 'on' : ''), element('td', 'num', a.since == null ? '' : formatDuration(now - a.since)));
      trs.push(tr);
    }
    $('agent-rows').replaceChildren(...trs);
  }

  // Every second, and after changes: the wait times (rows and queues, from one reading of the clock) move on by themselves.
  function tick() {
    const now = serverNow();
    for (const [id, row] of board) {
      if (row.queuedAt != null) rowElements.get(id).children[4].textContent = formatDuration(now - row.queuedAt);
    }
    renderQueues(now);
    renderStats(now);
    renderAgents(now);
    $('clock').textContent = new Date(now).toLocaleTimeString();
  }

  function setConnection(text, state) {
    const el = $('connection');
    el.textContent = text;
    el.className = 'connection ' + state;
  }

  function setStatus(status) {
    stats.status = status;
    const banner = $('banner');
    banner.hidden = status !== 'stale';
    banner.textContent = status === 'stale' ? 'The ICWS server cannot be reached: the board may be out of date.' : '';
  }

  function read(event) {
    stats.lastEventId = event.lastEventId;
    return JSON.parse(event.data);
  }

  function onSnapshot(event) {
    const data = read(event);
    stats.snapshots++;
    clockOffset = data.clock - Date.now();
    queues = data.queues;
    queueStats = data.stats || [];
    agents = data.agents || [];
    for (const id of [...board.keys()]) removeRow(id);
    for (const row of data.rows) {
      board.set(row.id, row);
      updateRow(row);
    }
    setStatus(data.status);
    render();
  }

  function onUpsert(event) {
    const row = read(event).row;
    stats.upserts++;
    board.set(row.id, row);
    updateRow(row);
    scheduleRender();
  }

  function onRemove(event) {
    stats.removes++;
    removeRow(read(event).id);
    scheduleRender();
  }

  function onStats(event) {
    stats.statsEvents++;
    queueStats = read(event).queues;
    scheduleRender();
  }

  function onAgents(event) {
    stats.agentEvents++;
    agents = read(event).agents;
    scheduleRender();
  }

  function onStatus(event) {
    const data = read(event);
    clockOffset = data.clock - Date.now();
    setStatus(data.status);
  }

  function connect() {
    source = new EventSource('events');
    source.addEventListener('open', () => {
      stats.opens++;
      setConnection('live', 'live');
    });
    source.addEventListener('error', () => {
      stats.errors++;
      if (source.readyState === EventSource.CLOSED) {
        // Refused (an access key that no longer matches, a proxy error): try again from scratch in a while.
        setConnection('disconnected', 'down');
        source.close();
        setTimeout(connect, 10000);
      } else {
        setConnection('reconnecting', 'down');
      }
    });
    source.addEventListener('snapshot', onSnapshot);
    source.addEventListener('upsert', onUpsert);
    source.addEventListener('remove', onRemove);
    source.addEventListener('stats', onStats);
    source.addEventListener('agents', onAgents);
    source.addEventListener('status', onStatus);
    source.addEventListener('heartbeat', onStatus);
  }

  connect();
  tick();
  setInterval(tick, 1000);
})();
