// The bearer token: taken from the page's fragment (`#token=…`, then wiped from the address
// bar so it is neither bookmarked nor shared) or from sessionStorage, where it is kept for the
// tab. Never put in a URL query, except the feed's WebSocket (browsers cannot set its headers).
const KEY = 'cityops.token';

export function tokenFromFragment(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.trim() ? token.trim() : null;
}

export function loadToken() {
  const fromHash = tokenFromFragment();
  if (fromHash) {
    sessionStorage.setItem(KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(KEY);
}

export function saveToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}
