/* Recommender tag: sends a pageview and engaged-time heartbeats, and fills related boxes.
   <script src="https://RECOMMENDER/tag.js" data-apikey="SITE" async></script>
   data-uuid="ID" names a logged-in reader; otherwise the tag keeps a first-party cookie id.
   <div data-recommender-related data-limit="5"></div> is filled with links from /related; each link carries the
   answer's rec_id and its position (rec_id=ID.POSITION, renamed by data-rec-id-parameter as the site's RecIdParameter),
   so the pageview it leads to counts as a click, and the box reports one impression once half of it is on screen. */
(function () {
  'use strict';
  var script = document.currentScript;
  var apikey = script && script.getAttribute('data-apikey');
  if (!apikey || window.recommender) return;
  var server = new URL(script.src, location.href).origin;
  var HEARTBEAT_SECONDS = 10;
  var IDLE_AFTER_MS = 5000;
  var REC_ID = script.getAttribute('data-rec-id-parameter') || 'rec_id';

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
        answer.data.forEach(function (item, index) {
          var link = document.createElement('a');
          var href = new URL(item.url);
          if (answer.rec_id) href.searchParams.set(REC_ID, answer.rec_id + '.' + (index + 1));
          link.href = href.href;
          link.textContent = item.title;
          var entry = document.createElement('li');
          entry.appendChild(link);
          list.appendChild(entry);
        });
        element.replaceChildren(list);
        if (answer.rec_id && answer.data.length > 0)
          reportImpression(element, answer.rec_id, answer.data.map(function (item) { return item.url; }));
      })
      .catch(function () {});
  }

  // One impression per answer, once at least half of the box is on screen, with the URLs it showed (each article's
  // click-through); without IntersectionObserver none is reported, as the tag cannot tell whether the box was seen.
  function reportImpression(element, recId, items) {
    if (!window.IntersectionObserver) return;
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      observer.disconnect();
      send('impression', { rec_id: recId, items: items });
    }, { threshold: 0.5 });
    observer.observe(element);
  }

  window.recommender = { uuid: uuid, related: related };
  send('pageview', {});
  // The click is counted by the pageview just sent: a reload or a shared address must not count it again.
  var address = new URL(location.href);
  if (address.searchParams.has(REC_ID) && history.replaceState) {
    address.searchParams.delete(REC_ID);
    history.replaceState(history.state, '', address.href);
  }
  document.querySelectorAll('[data-recommender-related]').forEach(function (element) { related(element); });
})();
