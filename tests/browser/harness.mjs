// What the browser tests share: prerequisites (skip with exit code 77 when Chromium or the web
// app's node_modules are missing), the built cityopsd started on 127.0.0.1:0 with a fresh data
// directory and the built web app as its web root, Chromium through playwright-core, the REST
// API as admin, and screenshots into the build tree.
//
// Environment (set by tests/CMakeLists.txt): CITYOPSD (the binary), CITYOPS_WEB_ROOT (the
// built app), CITYOPS_WEB_SOURCE (gateway/web, for node_modules), CITYOPS_BROWSER_ARTIFACTS
// (screenshots), CITYOPS_MODEL_CACHE (the classifier), CHROMIUM (default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export const SKIP = 77;
export const ADMIN_TOKEN = 'cityops-browser-admin-token-0123456789abcdef';

const env = process.env;
const webSource = env.CITYOPS_WEB_SOURCE || path.resolve(import.meta.dirname, '../../gateway/web');
const chromiumPath = env.CHROMIUM || '/usr/bin/chromium';
export const artifacts = env.CITYOPS_BROWSER_ARTIFACTS || path.join(os.tmpdir(), 'cityops-browser-artifacts');

function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(SKIP);
}

// Exits with 77 (ctest SKIP_RETURN_CODE) when the tests cannot run here.
export function requirePrerequisites() {
  if (!existsSync(chromiumPath)) skip(`no Chromium at ${chromiumPath} (bash tools/install-deps.sh installs it)`);
  if (!existsSync(path.join(webSource, 'node_modules', 'playwright-core'))) {
    skip(`no ${webSource}/node_modules (npm ci in gateway/web, done by the build's web-app target)`);
  }
  if (!env.CITYOPSD || !existsSync(env.CITYOPSD)) skip(`no cityopsd (CITYOPSD=${env.CITYOPSD || ''})`);
  if (!env.CITYOPS_WEB_ROOT || !existsSync(path.join(env.CITYOPS_WEB_ROOT, 'wall.html'))) {
    skip(`no built web app in CITYOPS_WEB_ROOT=${env.CITYOPS_WEB_ROOT || ''}`);
  }
}

// A city config: the embedded city plus `[[tokens]]` (each stored as its SHA-256, as
// docs/security.md says) — {name, role, token, node?, department?}.
export function cityConfig(dir, tokens) {
  const lines = ['base = "default"'];
  for (const t of tokens) {
    lines.push('', '[[tokens]]', `name = "${t.name}"`, `role = "${t.role}"`,
      `sha256 = "${createHash('sha256').update(t.token).digest('hex')}"`);
    if (t.node) lines.push(`node = "${t.node}"`);
    if (t.department) lines.push(`department = "${t.department}"`);
  }
  const file = path.join(dir, 'city.toml');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

// cityopsd on a free port, serving the built web app; resolves once it printed its address.
// `tokens`: principals besides the admin (cityConfig).
export async function startService({ tokens = [] } = {}) {
  const data = mkdtempSync(path.join(os.tmpdir(), 'cityops-browser-'));
  const args = ['--listen', '127.0.0.1:0', '--data', path.join(data, 'data'), '--web', env.CITYOPS_WEB_ROOT];
  if (tokens.length) args.push('--config', cityConfig(data, tokens));
  const child = spawn(env.CITYOPSD, args, {
    env: { ...env, CITYOPS_ADMIN_TOKEN: ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-20000); });
  const address = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`cityopsd silent for 60 s; stderr: ${stderr}`)), 60000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`cityopsd exited ${code}: ${stderr}`)); });
  });
  const base = `http://${address}`;
  return {
    base,
    api: apiClient(base, ADMIN_TOKEN),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export function apiClient(base, token) {
  const call = async (method, route, body, headers = {}) => {
    const res = await fetch(base + '/api/v1' + route, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { get: (r) => call('GET', r), post: (r, b, h) => call('POST', r, b, h) };
}

export async function launchBrowser() {
  const require = createRequire(path.join(webSource, 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

// Page errors fail the test: collected here, asserted empty at the end.
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A 404 is an answer the pages expect (no scenario API, no favicon): not an error here.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return errors;
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
