// The operator desk: a token login (kept in sessionStorage), then four views reached by the
// address's fragment — #/intake, #/queues, #/case/<id>, #/alerts. Chinese by default, English
// by the switch (kept in localStorage).
import './desk.css';
import { Api, ApiError } from '../common/api.js';
import { City } from '../common/city.js';
import { $, h, replace } from '../common/dom.js';
import { language, setLanguage, t } from '../common/i18n.js';
import { Feed } from '../common/feed.js';
import { forgetToken, loadToken, saveToken } from '../common/token.js';
import { errorText } from './actions.js';
import { AlertsView } from './alerts.js';
import { CasePage } from './case-page.js';
import { IntakeForm } from './intake.js';
import { Queues } from './queues.js';
import { whoami } from './session.js';

const root = $('#desk');

function langSwitch() {
  return h('button#lang', { type: 'button', onclick: () => { setLanguage(language() === 'zh' ? 'en' : 'zh'); location.reload(); } }, t('lang.switch'));
}

function loginView(message) {
  const token = h('input#token', { type: 'password', autocomplete: 'off', required: true });
  const out = h('div#login-error.outcome.error', message || '');
  const form = h('form.login', {
    onsubmit: async (e) => {
      e.preventDefault();
      out.textContent = '';
      try {
        await start(token.value.trim());
      } catch (err) {
        console.error(err);
        if (err instanceof ApiError) loginView(errorText(err));
        else replace(root, h('div.outcome.error', errorText(err)));
      }
    },
  }, h('h1', t('desk.title')), h('label', h('span', t('desk.token')), token), h('small', t('desk.loginHint')),
  h('button#login', { type: 'submit' }, t('desk.login')), out, langSwitch());
  replace(root, form);
  token.focus();
}

async function start(token) {
  const api = new Api(token);
  const session = await whoami(api);
  saveToken(token);
  const [city, cats, deps] = await Promise.all([
    City.load(api),
    api.categories(),
    api.departments().catch(() => ({ items: [] })),
  ]);
  const categories = new Map(cats.items.map((c) => [c.code, c]));
  const departments = new Map(deps.items.map((d) => [d.id, d]));
  const names = {
    category: (code) => (code ? (categories.get(code) ? `${categories.get(code).name}` : code) : '—'),
    department: (d) => {
      if (!d) return '—';
      if (typeof d === 'object') return d.name || d.id;
      return departments.get(d) ? departments.get(d).name : d;
    },
  };
  const ctx = { api, session, city, categories, departments, names, open: (id) => { location.hash = `#/case/${id}`; } };
  render(ctx);
}

function render(ctx) {
  const { session, city, names } = ctx;
  const who = h('div#whoami', { dataset: { role: session.role } },
    h('span', `${t('desk.role')}: `, h('b', t(`role.${session.role}`))),
    session.node ? h('span', `${t('desk.node')}: `, h('b#who-node', { dataset: { node: session.node } }, city.name(session.node))) : null,
    session.department ? h('span', `${t('desk.department')}: `, h('b', names.department(session.department))) : null);
  const logout = h('button#logout', { type: 'button', onclick: () => { forgetToken(); location.hash = ''; location.reload(); } }, t('desk.logout'));
  const tabs = ['intake', 'queues', 'case', 'alerts'];
  const nav = h('nav.tabs', tabs.map((v) => h('a', { href: `#/${v}`, dataset: { view: v } }, t(`desk.tab.${v}`))));
  const views = Object.fromEntries(tabs.map((v) => [v, h('section.view', { id: `view-${v}`, hidden: true })]));
  replace(root,
    h('header.desk-header', h('h1', (city.root ? city.root.name : '') + ' ' + t('desk.title')), who, langSwitch(), logout),
    nav, Object.values(views));
  const intake = new IntakeForm(views.intake, ctx);
  const queues = new Queues(views.queues, ctx);
  const casePage = new CasePage(views.case, ctx);
  const alerts = new AlertsView(views.alerts, ctx);
  const route = () => {
    const [, view = 'intake', id] = location.hash.match(/^#\/(\w+)(?:\/(.+))?/) || [];
    const name = views[view] ? view : 'intake';
    for (const [v, el] of Object.entries(views)) el.hidden = v !== name;
    for (const a of nav.children) a.classList.toggle('active', a.dataset.view === name);
    if (name === 'intake') intake.resize();
    if (name === 'queues') queues.load();
    if (name === 'alerts') alerts.load();
    if (name === 'case') casePage.show(id ? decodeURIComponent(id) : casePage.id);
  };
  window.addEventListener('hashchange', route);
  route();
  follow(ctx.api.token, casePage, queues, views);
  window.cityopsDesk = { ctx, ready: true };
}

// The live feed keeps the open case and the queues current: an event that moved the case
// shown past the version on screen reloads it, any case event reloads visible queues — each
// at most every half second.
function follow(token, casePage, queues, views) {
  const feed = new Feed(token);
  feed.open();
  setInterval(() => {
    const events = feed.drain().filter((m) => m.kind === 'case_event');
    if (!events.length) return;
    const newer = events.some((m) => m.case_id === casePage.id && m.case && m.case.version > casePage.version);
    if (!views.case.hidden && newer) casePage.show(casePage.id);
    if (!views.queues.hidden) queues.load();
  }, 500);
}

async function main() {
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  document.title = t('desk.title');
  const token = loadToken();
  if (!token) return loginView();
  try {
    await start(token);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) forgetToken();
    loginView(errorText(e));
  }
}

main();
