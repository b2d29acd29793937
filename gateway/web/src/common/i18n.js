// The pages' words in Chinese (default) and English. `t(key, vars)` looks a key up in the
// chosen language, falling back to Chinese, then to the key; the choice is kept in localStorage.
import zh from './lang-zh.js';
import en from './lang-en.js';

const KEY = 'cityops.lang';
const dictionaries = { zh, en };
let lang = (typeof localStorage !== 'undefined' && localStorage.getItem(KEY)) || 'zh';
if (!dictionaries[lang]) lang = 'zh';

export function language() {
  return lang;
}

export function setLanguage(next) {
  lang = dictionaries[next] ? next : 'zh';
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export function t(key, vars) {
  let s = dictionaries[lang][key] ?? zh[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

// A wire name (status, event type, source, level, alert kind, role) in the chosen language.
export function term(group, name) {
  if (name === null || name === undefined || name === '') return '—';
  const key = `${group}.${name}`;
  // English has no entry for every wire name: the name itself reads well enough there.
  return dictionaries[lang][key] ?? (lang === 'en' ? String(name).replaceAll('_', ' ') : zh[key] ?? name);
}
