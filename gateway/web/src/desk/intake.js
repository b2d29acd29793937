// The 12345 seat's intake form: text, location (clicked on the map, typed as lat/lon, or a
// grid node), caller phone and name, source. While the operator types, the draft is
// previewed (POST /api/v1/intake/preview, debounced, the latest answer wins) — classification,
// possible duplicates, the caller's history — before anything is saved with POST
// /api/v1/cases (one Idempotency-Key per draft, so a retried save never makes two cases).
import { h, replace } from '../common/dom.js';
import { t, term } from '../common/i18n.js';
import { errorText } from './actions.js';
import { LocationPicker } from './location-picker.js';
import { renderPreview } from './preview-view.js';

const DEBOUNCE_MS = 350;
const SOURCES = ['hotline', 'app', 'grid', 'video', 'iot'];

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'desk-' + [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class IntakeForm {
  constructor(el, ctx) {
    this.ctx = ctx;
    this.key = newKey();
    this.seq = 0;
    this.timer = null;
    const f = (this.fields = {
      text: h('textarea#intake-text', { rows: 5, required: true }),
      source: h('select#intake-source', SOURCES.map((s) => h('option', { value: s }, term('source', s)))),
      phone: h('input#intake-phone', { inputmode: 'tel', autocomplete: 'off' }),
      name: h('input#intake-name', { autocomplete: 'off' }),
      address: h('input#intake-address'),
      lat: h('input#intake-lat', { inputmode: 'decimal' }),
      lon: h('input#intake-lon', { inputmode: 'decimal' }),
      node: h('input#intake-node', { list: 'node-list', placeholder: '370602…' }),
      category: h('select#intake-category', h('option', { value: '' }, '—'),
        [...ctx.categories.values()].map((c) => h('option', { value: c.code }, `${c.code} ${c.name}`))),
      urgent: h('input#intake-urgent', { type: 'checkbox' }),
    });
    const nodeList = h('datalist#node-list', [...ctx.city.nodes.values()]
      .filter((n) => n.tier !== 'community').map((n) => h('option', { value: n.id }, n.name)));
    this.previewEl = h('div#intake-preview.preview', h('div.empty', t('intake.previewHint')));
    this.outcome = h('span#intake-outcome.outcome');
    const save = (this.saveButton = h('button#intake-save', { type: 'submit' }, t('intake.save')));
    const mapEl = h('div.picker');
    const label = (key, input) => h('label', h('span', t(key)), input);
    const form = h('form.intake', { onsubmit: (e) => { e.preventDefault(); this.save(); } },
      label('intake.text', f.text),
      h('div.row', label('intake.source', f.source), label('intake.phone', f.phone), label('intake.name', f.name)),
      h('div.row', label('intake.lat', f.lat), label('intake.lon', f.lon), label('intake.node', f.node)),
      label('intake.address', f.address),
      h('div.row', label('intake.category', f.category), h('label.check', f.urgent, t('intake.priority'))),
      h('div.save-row', save, this.outcome), nodeList);
    replace(el, h('div.intake-grid',
      form,
      h('div.intake-side', h('h3', t('intake.preview')), this.previewEl, h('h3', t('intake.pickOnMap')), mapEl)));
    for (const input of Object.values(f)) {
      input.addEventListener('input', () => this.schedule());
      input.addEventListener('change', () => this.schedule());
    }
    this.mapEl = mapEl;
    this.picker = null; // made when the form is first shown: ECharts needs a laid-out box
  }

  // The draft as POST /api/v1/cases takes it; lat/lon win over a node.
  body() {
    const f = this.fields;
    const b = { source: f.source.value, text: f.text.value.trim() };
    const lat = parseFloat(f.lat.value);
    const lon = parseFloat(f.lon.value);
    if (Number.isFinite(lat) && Number.isFinite(lon)) Object.assign(b, { lat, lon });
    else if (f.node.value.trim()) b.node = f.node.value.trim();
    if (f.address.value.trim()) b.address = f.address.value.trim();
    if (f.phone.value.trim() || f.name.value.trim()) {
      b.reporter = {};
      if (f.phone.value.trim()) b.reporter.phone = f.phone.value.trim();
      if (f.name.value.trim()) b.reporter.name = f.name.value.trim();
    }
    if (f.category.value) b.category = f.category.value;
    if (f.urgent.checked) b.priority = 'urgent';
    return b;
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.preview(), DEBOUNCE_MS);
  }

  async preview() {
    const body = this.body();
    if (!body.text) return;
    if (!body.node && body.lat === undefined) body.node = this.ctx.session.node || (this.ctx.city.root && this.ctx.city.root.id);
    const seq = ++this.seq;
    this.previewEl.dataset.state = 'loading';
    try {
      const p = await this.ctx.api.preview(body);
      if (seq !== this.seq) return;
      renderPreview(this.previewEl, p, this.ctx, (code) => { this.fields.category.value = code; });
      // `insight: false`: the service is still loading its cases — duplicates and the
      // caller's history are not known yet, so ask again shortly.
      if (p.insight === false) {
        this.previewEl.dataset.state = 'partial';
        this.timer = setTimeout(() => this.preview(), 1000);
        return;
      }
      this.previewEl.dataset.state = 'ready';
    } catch (e) {
      if (seq !== this.seq) return;
      replace(this.previewEl, h('div.outcome.error', e.status === 404 ? t('intake.previewUnavailable') : errorText(e)));
      this.previewEl.dataset.state = 'error';
    }
  }

  async save() {
    const body = this.body();
    if (!body.node && body.lat === undefined) body.node = this.ctx.session.node || (this.ctx.city.root && this.ctx.city.root.id);
    this.saveButton.disabled = true;
    this.outcome.className = 'outcome pending';
    this.outcome.textContent = '…';
    try {
      const c = await this.ctx.api.report(body, this.key);
      this.key = newKey();
      this.outcome.className = 'outcome ok';
      this.outcome.textContent = t('intake.saved', { id: c.id });
      this.outcome.dataset.case = c.id;
      this.reset();
      this.ctx.open(c.id);
    } catch (e) {
      this.outcome.className = 'outcome error';
      this.outcome.textContent = errorText(e);
    } finally {
      this.saveButton.disabled = false;
    }
  }

  reset() {
    for (const k of ['text', 'phone', 'name', 'address', 'lat', 'lon', 'node']) this.fields[k].value = '';
    this.fields.category.value = '';
    this.fields.urgent.checked = false;
    if (this.picker) this.picker.mark(null);
    replace(this.previewEl, h('div.empty', t('intake.previewHint')));
    this.previewEl.dataset.state = '';
  }

  // Called whenever the intake view is shown.
  resize() {
    if (this.picker) {
      this.picker.resize();
      return;
    }
    const f = this.fields;
    this.picker = new LocationPicker(this.mapEl, this.ctx.city, ([lon, lat]) => {
      f.lat.value = lat;
      f.lon.value = lon;
      f.node.value = '';
      this.schedule();
    });
  }
}
