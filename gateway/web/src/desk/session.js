// Who the token belongs to. The API has no "who am I" route, so the desk asks what it can see:
// the live feed's `subscribed` message carries the caller's scope (an operator's node, a
// department's id — docs/api.md "Live feed"), and GET /api/v1/quarantine answers only
// supervisors and admins. A token the API refuses (401) is no session at all.
import { ApiError } from '../common/api.js';
import { Feed } from '../common/feed.js';

function feedScope(token) {
  return new Promise((resolve) => {
    const feed = new Feed(token);
    const ws = new WebSocket(feed.url());
    const done = (v) => {
      clearTimeout(timer);
      ws.onmessage = ws.onclose = ws.onerror = null;
      ws.close();
      resolve(v);
    };
    const timer = setTimeout(() => done(null), 5000);
    ws.onmessage = (ev) => {
      try {
        const m = JSON.parse(ev.data);
        if (m.kind === 'subscribed') done(m.filter || {});
      } catch {
        /* wait for the next message */
      }
    };
    ws.onerror = ws.onclose = () => done(null);
  });
}

// → {role: operator|department|overseer|other, node, department}; throws ApiError on 401.
export async function whoami(api) {
  // Any route refuses an unknown token: the cheapest one tells.
  await api.categories();
  const [scope, overseer] = await Promise.all([
    feedScope(api.token),
    api.quarantine().then(() => true, (e) => {
      if (e instanceof ApiError && e.status === 401) throw e;
      return false;
    }),
  ]);
  if (scope && scope.node) return { role: 'operator', node: scope.node, department: null };
  if (scope && scope.department) return { role: 'department', node: null, department: scope.department };
  if (overseer) return { role: 'overseer', node: null, department: null };
  return { role: 'other', node: null, department: null };
}
