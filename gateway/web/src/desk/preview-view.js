// What POST /api/v1/intake/preview says of a draft report, before it is saved: the suggested
// category with its runners-up (a click picks one), the risk words, possible duplicates (links
// to the open cases), the caller's earlier cases and where the case would go.
import { h, replace } from '../common/dom.js';
import { t, term } from '../common/i18n.js';

function section(cls, title, content) {
  return h(`section.${cls}`, h('h4', title), content || h('div.empty', t('common.none')));
}

function classification(p, names, onPick) {
  const cls = p.classification;
  if (!cls || !cls.top3 || !cls.top3.length) return null;
  return h('div.chips', cls.top3.map((c) => h('button.chip', {
    type: 'button', dataset: { code: c.code }, class: c.code === cls.category ? 'best' : '',
    onclick: () => onPick(c.code),
  }, `${c.name || names.category(c.code)} ${(c.score * 100).toFixed(0)}%`)));
}

function duplicates(list) {
  if (!list.length) return null;
  return h('ul', list.map((d) => h('li', { dataset: { case: d.id } },
    h('a', { href: `#/case/${d.id}` }, d.id), ` ${term('status', d.status)} ${(d.score * 100).toFixed(0)}% `,
    h('span.dup-text', d.text || ''))));
}

function caller(c, names) {
  if (!c) return null;
  const cases = c.cases || [];
  const count = c.count ?? (c.history ? c.history.last_90_days : cases.length);
  if (!count && !cases.length) return null;
  const repeat = c.repeat === true || !!(c.repeat && c.repeat.would_flag);
  return [
    h('div.caller-count', t('intake.callerCount', { count }), repeat ? h('span.badge.orange', t('intake.repeat')) : null),
    h('ul', cases.slice(0, 5).map((x) => h('li', { dataset: { case: x.id } }, h('a', { href: `#/case/${x.id}` }, x.id),
      ` ${term('status', x.status)} ${names.category(x.category)}`))),
  ];
}

function dispatch(d, p, names, city) {
  if (!d || !d.department) return null;
  const node = p.node_name || (p.node ? city.name(p.node) : '');
  return h('div', d.department_name || names.department(d.department), node ? ` · ${node}` : '');
}

export function renderPreview(el, p, ctx, onPickCategory) {
  const { names, city } = ctx;
  const dup = p.duplicates || [];
  replace(el,
    section('pv-class', t('intake.classification'), classification(p, names, onPickCategory)),
    p.risk ? h('div.pv-risk', h('span.badge.red', `${t('case.risk')}: ${p.risk.class_name}`), ` ${(p.risk.words || []).join('、')}`) : null,
    section('pv-dup', `${t('intake.duplicates')} (${dup.length})`, duplicates(dup)),
    section('pv-caller', t('intake.caller'), caller(p.caller, names)),
    section('pv-dispatch', t('intake.dispatch'), dispatch(p.dispatch, p, names, city)));
}
