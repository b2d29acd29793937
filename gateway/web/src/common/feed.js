// The live feed (GET /api/v1/feed, WebSocket). Messages are only queued here — raw text, in a
// bounded buffer — and handed over in batches by `drain()`, so a page that drains on a timer
// re-renders at its own pace however fast the server sends. Reconnects with backoff.
export class Feed {
  constructor(token, { filter = {}, maxBuffered = 20000, onStatus = () => {} } = {}) {
    this.token = token;
    this.filter = filter;
    this.maxBuffered = maxBuffered;
    this.onStatus = onStatus;
    this.buffer = [];
    this.dropped = 0;
    this.received = 0;
    this.ws = null;
    this.retryMs = 500;
    this.closed = false;
  }

  url() {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(this.filter)) if (v) q.set(k, v);
    // docs/api.md: browsers cannot set headers on a WebSocket, so the token rides the query.
    q.set('token', this.token);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/api/v1/feed?${q}`;
  }

  open() {
    this.closed = false;
    const ws = new WebSocket(this.url());
    this.ws = ws;
    this.onStatus('connecting');
    ws.onopen = () => {
      this.retryMs = 500;
      this.onStatus('open');
    };
    ws.onmessage = (ev) => {
      this.received++;
      if (this.buffer.length >= this.maxBuffered) {
        this.buffer.shift();
        this.dropped++;
      }
      this.buffer.push(ev.data);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.onStatus('closed');
      if (this.closed) return;
      setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 15000);
    };
    return this;
  }

  // Every message queued since the last call, parsed; unparsable ones are skipped.
  drain() {
    if (this.buffer.length === 0) return [];
    const raw = this.buffer;
    this.buffer = [];
    const out = [];
    for (const text of raw) {
      try {
        out.push(JSON.parse(text));
      } catch {
        /* not JSON: ignored */
      }
    }
    return out;
  }

  close() {
    this.closed = true;
    if (this.ws) this.ws.close();
  }
}
