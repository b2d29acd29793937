// What POST /api/v1/intake/preview says of a draft report, before it is saved: the suggested
// category with its runners-up (a click picks one), possible duplicates (links to the open
// cases), the caller's earlier cases and where the case would go.
import { h, replace } from '../common/dom.js';
import { t, term } from '../common/i18n.js';

export function renderPreview(el, p, ctx, onPickCategory) {
  const { names, city } = ctx;
  const cls = p.classification;
  const dup = p.duplicates || [];
  const caller = p.caller;
  const dispatch = p.dispatch;
  replace(el,
    h('section.pv-class', h('h4', t('intake.classification')),
      cls && cls.top3 && cls.top3.length
        ? h('div.chips', cls.top3.map((c) => h('button.chip', {
          type: 'button', dataset: { code: c.code }, class: c.code === cls.category ? 'best' : '',
          onclick: () => onPickCategory(c.code),
        }, `${c.name || names.category(c.code)} ${(c.score * 100).toFixed(0)}%`)))
        : h('div.empty', t('common.none'))),
    h('section.pv-dup', h('h4', t('intake.duplicates'), ` (${dup.length})`),
      dup.length ? h('ul', dup.map((d) => h('li', { dataset: { case: d.id } },
        h('a', { href: `#/case/${d.id}` }, d.id), ` ${term('status', d.status)} ${(d.score * 100).toFixed(0)}% `,
        h('span.dup-text', d.text || '')))) : h('div.empty', t('common.none'))),
    h('section.pv-caller', h('h4', t('intake.caller')),
      caller && caller.count
        ? [h('div', t('intake.callerCount', { count: caller.count }), caller.repeat ? h('span.badge.orange', t('intake.repeat')) : null),
          h('ul', (caller.cases || []).slice(0, 5).map((c) => h('li', h('a', { href: `#/case/${c.id}` }, c.id),
            ` ${term('status', c.status)} ${names.category(c.category)}`)))]
        : h('div.empty', t('common.none'))),
    h('section.pv-dispatch', h('h4', t('intake.dispatch')),
      dispatch && (dispatch.department || dispatch.node)
        ? h('div', names.department(dispatch.department), dispatch.node ? ` · ${city.name(dispatch.node)}` : '')
        : h('div.empty', t('common.none'))));
}
