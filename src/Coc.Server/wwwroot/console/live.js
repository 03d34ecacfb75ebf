// Live events: GET /v1/events/stream read with fetch() as Server-Sent Events; the session cookie goes with it as with
// every other call (same origin), so no credential ever travels in a URL that logs would keep.
// After a drop it reconnects with Last-Event-ID (the server resumes after that event, or answers one "reset").
// While it is not connected the views fall back to polling (main.js).
const PATH = '/v1/events/stream';
const listeners = new Set();
let connected = false;
let running = false;
let lastId = null;
let controller = null;

/** Whether the stream is open now (polling is then not needed). */
export const liveConnected = () => connected;

/** fn({ type, id?, data? }): every event of the project; also { type: 'open' }, { type: 'closed' } and { type: 'reset' }. */
export function onLive(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit(e) {
  for (const fn of listeners) {
    try { fn(e); } catch (err) { console.error(err); }
  }
}

export function startLive() {
  if (running) return;
  running = true;
  loop();
}

export function stopLive() {
  running = false;
  lastId = null;
  controller?.abort();
}

const sleep = (ms) => new Promise(r => setTimeout(r, ms));

async function loop() {
  let wait = 1000;
  while (running) {
    controller = new AbortController();
    try {
      const headers = { Accept: 'text/event-stream' };
      if (lastId) headers['Last-Event-ID'] = lastId;
      const res = await fetch(PATH, { headers, cache: 'no-store', signal: controller.signal });
      if (res.ok && res.body) {
        connected = true;
        wait = 1000;
        emit({ type: 'open' });
        await read(res.body);
      }
    } catch {
      // a network error or an abort: reconnect below
    }
    if (connected) {
      connected = false;
      emit({ type: 'closed' });
    }
    if (!running) return;
    await sleep(wait);
    wait = Math.min(wait * 2, 30000);
  }
}

/** The SSE wire format: "field: value" lines, a blank line ends an event, lines from ':' are comments. */
async function read(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let ev = { data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (ev.type || ev.data.length) dispatch(ev);
        ev = { data: [] };
      } else if (!line.startsWith(':')) {
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const v = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'data') ev.data.push(v);
        else if (field === 'id') ev.id = v;
        else if (field === 'event') ev.type = v;
      }
    }
  }
}

function dispatch(ev) {
  if (ev.type === 'reset') {
    lastId = null;
    emit({ type: 'reset' });
    return;
  }
  if (ev.id) lastId = ev.id;
  let data = null;
  try { data = JSON.parse(ev.data.join('\n')); } catch { return; }
  emit({ type: ev.type ?? 'message', id: ev.id, data });
}
