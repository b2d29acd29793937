// The landing page: `/#token=…` opens the wall screen with that token (the fragment goes
// along, never to the server); without one it only links the two pages.
if (/(^#|&)token=/.test(location.hash)) location.replace('wall.html' + location.hash);
