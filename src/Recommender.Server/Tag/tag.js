/* Recommender tag: sends a pageview and engaged-time heartbeats, and fills related boxes.
   <script src="https://RECOMMENDER/tag.js" data-apikey="SITE" async></script>
   data-uuid="ID" names a logged-in reader; otherwise the tag keeps a first-party cookie id.
   <div data-recommender-related data-limit="5"></div> is filled with links from /related. */
(function () {
  'use strict';
  var script = document.currentScript;
  var apikey = script && script.getAttribute('data-apikey');
  if (!apikey || window.recommender) return;
  var server = new URL(script.src, location.href).origin;
  var HEARTBEAT_SECONDS = 10;
  var IDLE_AFTER_MS = 5000;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === 'x' ? r : (r & 3 | 8)).toString(16);
    });
  }

  function readerId() {
    var given = script.getAttribute('data-uuid');
    if (given) return given;
    var match = document.cookie.match(/(?:^|; )_rec_uuid=([^;]+)/);
    var id = match ? decodeURIComponent(match[1]) : newId();
    document.cookie = '_rec_uuid=' + encodeURIComponent(id) + '; Max-Age=63072000; Path=/; SameSite=Lax';
    return id;
  }

  var uuid = readerId();
  var canonicalLink = document.querySelector('link[rel="canonical"]');
  var canonical = canonicalLink ? canonicalLink.href : null;

  function send(action, fields) {
    var event = {
      id: newId(), apikey: apikey, action: action, url: location.href, canonical_url: canonical,
      referrer: document.referrer || null, uuid: uuid, ts: Date.now()
    };
    for (var name in fields) event[name] = fields[name];
    var body = JSON.stringify(event);
    var endpoint = server + '/events';
    // A beacon survives the page being left; it goes as text/plain, which needs no CORS preflight.
    if (navigator.sendBeacon && navigator.sendBeacon(endpoint, body)) return;
    fetch(endpoint, { method: 'POST', body: body, keepalive: true, headers: { 'Content-Type': 'text/plain' } })
      .catch(function () {});
  }

  // Engaged time: seconds while the page is visible and the reader did something in the last few seconds.
  var lastActive = Date.now();
  var engaged = 0;
  ['mousemove', 'mousedown', 'keydown', 'scroll', 'wheel', 'touchstart'].forEach(function (type) {
    window.addEventListener(type, function () { lastActive = Date.now(); }, { passive: true, capture: true });
  });

  function flush() {
    if (engaged > 0) send('heartbeat', { engaged_seconds: engaged });
    engaged = 0;
  }

  setInterval(function () {
    if (document.visibilityState !== 'visible' || Date.now() - lastActive > IDLE_AFTER_MS) return;
    engaged++;
    if (engaged >= HEARTBEAT_SECONDS) flush();
  }, 1000);
  // Engaged time not sent yet goes when the reader hides or leaves the page.
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') flush(); });
  window.addEventListener('pagehide', flush);

  function related(element, options) {
    options = options || {};
    var limit = options.limit || element.getAttribute('data-limit') || 5;
    var query = 'apikey=' + encodeURIComponent(apikey) + '&url=' + encodeURIComponent(canonical || location.href) +
      '&uuid=' + encodeURIComponent(uuid) + '&limit=' + encodeURIComponent(limit);
    return fetch(server + '/related?' + query)
      .then(function (response) { return response.ok ? response.json() : { data: [] }; })
      .then(function (answer) {
        var list = document.createElement('ul');
        list.className = 'recommender-related';
        answer.data.forEach(function (item) {
          var link = document.createElement('a');
          link.href = item.url;
          link.textContent = item.title;
          var entry = document.createElement('li');
          entry.appendChild(link);
          list.appendChild(entry);
        });
        element.replaceChildren(list);
      })
      .catch(function () {});
  }

  window.recommender = { uuid: uuid, related: related };
  send('pageview', {});
  document.querySelectorAll('[data-recommender-related]').forEach(function (element) { related(element); });
})();
