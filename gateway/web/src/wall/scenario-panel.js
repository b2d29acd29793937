// The war-room board (战时指挥): shown only while GET /api/v1/scenarios answers (no scenario
// API exists yet: the panel stays hidden until one does), listing the active scenarios.
import { h, replace } from '../common/dom.js';

export class ScenarioPanel {
  constructor(box, body) {
    this.box = box;
    this.body = body;
    this.items = null;
  }

  set(answer) {
    const items = answer && (answer.items || answer.scenarios || (Array.isArray(answer) ? answer : null));
    this.items = items ? items.filter((s) => !s.status || s.status === 'active' || s.active) : null;
  }

  render() {
    const show = !!(this.items && this.items.length);
    this.box.hidden = !show;
    if (!show) return;
    replace(this.body, this.items.map((s) => h('div.scenario',
      h('b', s.title || s.name || s.id || ''),
      s.started_at ? h('span', s.started_at) : null,
      s.summary || s.description ? h('p', s.summary || s.description) : null)));
  }
}
