// The REST client: every call carries `Authorization: Bearer`, answers are JSON, and an
// error answer becomes an ApiError with the API's code, message, field (and, for an illegal
// transition, the current status and the allowed actions).
export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || 'http_' + status;
    this.field = e.field || null;
    this.allowed = e.allowed || null;
    this.current = e.status || null;
  }
}

export class Api {
  constructor(token, base = '/api/v1') {
    this.token = token;
    this.base = base;
  }

  async request(method, path, { body, query, headers } = {}) {
    let url = this.base + path;
    if (query) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
      const s = q.toString();
      if (s) url += '?' + s;
    }
    const init = { method, headers: { Authorization: `Bearer ${this.token}`, ...headers } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(url, init);
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) throw new ApiError(res.status, json);
    return json;
  }

  get(path, query) { return this.request('GET', path, { query }); }
  post(path, body, headers) { return this.request('POST', path, { body, headers }); }

  // Routes the pages use, named after docs/api.md.
  nodes(query) { return this.get('/nodes', query); }
  node(id) { return this.get(`/nodes/${encodeURIComponent(id)}`); }
  departments(query) { return this.get('/departments', query); }
  me() { return this.get('/me'); }
  categories() { return this.get('/categories'); }
  cityMap() { return this.get('/city/map'); }
  cases(query) { return this.get('/cases', query); }
  caseById(id) { return this.get(`/cases/${encodeURIComponent(id)}`); }
  report(body, idempotencyKey) {
    return this.post('/cases', body, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined);
  }
  preview(body) { return this.post('/intake/preview', body); }
  act(id, action, body = {}) {
    return this.post(`/cases/${encodeURIComponent(id)}/actions/${encodeURIComponent(action)}`, body);
  }
  dispatchSuggestions(id) { return this.get(`/cases/${encodeURIComponent(id)}/dispatch-suggestions`); }
  similar(id, k = 5) { return this.get(`/cases/${encodeURIComponent(id)}/similar`, { k }); }
  alerts(query) { return this.get('/alerts', query); }
  ackAlert(id) { return this.post(`/alerts/${encodeURIComponent(id)}/ack`); }
  kpi(query) { return this.get('/kpi', query); }
  ranking(query) { return this.get('/kpi/ranking', query); }
  indicators(query) { return this.get('/indicators', query); }
  scenarios() { return this.get('/scenarios'); }
}
