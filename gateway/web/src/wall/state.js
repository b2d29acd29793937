// What the wall screen knows, kept bounded whatever the feed's rate: the live cases to plot,
// the latest stream lines, the open alerts and today's KPI card. Pure: no DOM, no network —
// messages go in through `apply`, the panels read the fields.
export const MAX_POINTS = 3000;
export const MAX_STREAM = 40;
export const MAX_ALERTS = 500;

const FINISHED = new Set(['closed', 'followed_up', 'rejected', 'merged']);

export class WallState {
  constructor(positionOf) {
    this.positionOf = positionOf; // node id → [lon, lat] | null
    this.cases = new Map(); // id → {id, lon, lat, status, overdue, urgent, category, node}
    this.stream = []; // newest first
    this.alerts = new Map(); // open alerts by id
    this.kpi = null;
    this.events = 0;
  }

  // A case as the listing gives it (exact coordinates when the report had them).
  addCase(c) {
    if (FINISHED.has(c.status)) return false;
    const pos = c.lat || c.lon ? [c.lon, c.lat] : this.positionOf(c.node);
    if (!pos) return false;
    this.put({
      id: c.id, lon: pos[0], lat: pos[1], status: c.status, overdue: !!c.overdue,
      urgent: c.priority === 'urgent', category: c.category, node: c.node,
    });
    return true;
  }

  put(p) {
    this.cases.delete(p.id); // re-insert: the map's order is recency, the oldest is evicted
    this.cases.set(p.id, p);
    while (this.cases.size > MAX_POINTS) this.cases.delete(this.cases.keys().next().value);
  }

  // One feed message; returns the names of the panels it changed.
  apply(m) {
    switch (m.kind) {
      case 'case_event': return this.caseEvent(m);
      case 'alert': return this.alert(m.alert);
      case 'kpi':
        this.kpi = m;
        return ['kpi'];
      default:
        return [];
    }
  }

  caseEvent(m) {
    this.events++;
    const c = m.case || {};
    const e = m.event || {};
    const known = this.cases.get(m.case_id);
    if (FINISHED.has(c.status)) {
      this.cases.delete(m.case_id);
    } else if (known) {
      Object.assign(known, { status: c.status, overdue: !!c.overdue, category: c.category });
    } else {
      // First seen on the feed: placed at the node it was reported at (or is held at now).
      const pos = this.positionOf(e.type === 'reported' ? e.node || c.node : c.node);
      if (pos) {
        this.put({
          id: m.case_id, lon: pos[0], lat: pos[1], status: c.status, overdue: !!c.overdue,
          urgent: false, category: c.category, node: c.node,
        });
      }
    }
    this.stream.unshift({
      id: m.case_id, type: e.type, at: e.at, by: e.by, status: c.status,
      node: e.node || c.node, department: c.department, category: c.category,
      overdue: !!c.overdue,
    });
    if (this.stream.length > MAX_STREAM) this.stream.length = MAX_STREAM;
    return ['map', 'stream'];
  }

  alert(a) {
    if (!a) return [];
    if (a.status === 'open') {
      this.alerts.delete(a.id);
      this.alerts.set(a.id, a);
      while (this.alerts.size > MAX_ALERTS) this.alerts.delete(this.alerts.keys().next().value);
    } else {
      this.alerts.delete(a.id);
    }
    const changed = ['alerts'];
    if (a.kind === 'indicator_breach' || a.kind === 'indicator_silent') changed.push('indicators');
    return changed;
  }

  // Open alerts newest first, and their count per level.
  alertSummary() {
    const byLevel = { red: 0, orange: 0, yellow: 0, blue: 0 };
    const list = [...this.alerts.values()];
    for (const a of list) byLevel[a.level] = (byLevel[a.level] || 0) + 1;
    list.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
    return { byLevel, list };
  }
}
