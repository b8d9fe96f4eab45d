/* Exit-intent loader: runs on every page, so it stays tiny and passive. It only watches for an exit
   signal; the modal's code and styles are fetched after the app says there is something to show. */
(function () {
  'use strict';
  var node = document.getElementById('crm-exit-intent-config');
  if (!node || window.CrmExitIntent) return;
  var cfg;
  try {
    cfg = JSON.parse(node.textContent);
  } catch (e) {
    return;
  }
  window.CrmExitIntent = { cfg: cfg };

  var SHOWN = 'crm_ei_shown';
  var DISMISSED = 'crm_ei_dismissed';
  var VISITOR = 'crm_ei_v';
  var REF = 'crm_ei_ref';
  var DAY = 864e5;

  function store(kind) {
    try {
      return window[kind];
    } catch (e) {
      return null;
    }
  }
  function get(s, k) {
    try {
      return s ? s.getItem(k) : null;
    } catch (e) {
      return null;
    }
  }
  function set(s, k, v) {
    try {
      if (s) s.setItem(k, v);
    } catch (e) {}
  }
  var ss = store('sessionStorage');
  var ls = store('localStorage');

  var ref = new URLSearchParams(location.search).get('crm_ref');
  if (ref) set(ss, REF, ref);

  var mq = function (q) {
    return window.matchMedia && matchMedia(q).matches;
  };
  var mobile = mq('(hover: none)') || mq('(pointer: coarse)');
  if (get(ss, SHOWN) || (mobile && !cfg.mobile)) return;

  var signals = cfg.signals || {};
  var started = Date.now();
  var fired = false;
  var off = [];

  function on(target, type, fn) {
    target.addEventListener(type, fn, { passive: true });
    off.push(function () {
      target.removeEventListener(type, fn, { passive: true });
    });
  }

  // Without a Customer Privacy API we cannot know the visitor's choice, so we assume no consent:
  // nothing outlives the session and no event is recorded.
  function consent(done) {
    var S = window.Shopify;
    var allowed = function () {
      var p = window.Shopify && window.Shopify.customerPrivacy;
      try {
        return !!(p && p.analyticsProcessingAllowed() && p.marketingAllowed());
      } catch (e) {
        return false;
      }
    };
    if (S && S.customerPrivacy) return done(allowed());
    if (S && S.loadFeatures) {
      return S.loadFeatures([{ name: 'consent-tracking-api', version: '0.1' }], function (err) {
        done(!err && allowed());
      });
    }
    done(false);
  }

  function visitor(c) {
    var id = get(ss, VISITOR) || get(ls, VISITOR);
    if (!id) {
      var a = new Uint8Array(12);
      crypto.getRandomValues(a);
      id = Array.prototype.map.call(a, function (b) { return (b + 256).toString(16).slice(1); }).join('');
    }
    if (c) set(ls, VISITOR, id);
    set(ss, VISITOR, id);
    return id;
  }

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      for (var k in attrs) el[k] = attrs[k];
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  function fire() {
    if (fired || Date.now() - started < (cfg.delay || 0) * 1000 || get(ss, SHOWN)) return;
    var dismissed = +get(ls, DISMISSED);
    if (dismissed && Date.now() - dismissed < (cfg.dismissDays || 7) * DAY) return;
    fired = true;
    off.forEach(function (f) { f(); });
    consent(function (c) {
      var v = visitor(c);
      var q = new URLSearchParams({ v: v, c: c ? '1' : '0' });
      if (cfg.product) q.set('product', cfg.product.handle);
      if (get(ss, REF)) q.set('ref', get(ss, REF));
      fetch(cfg.proxy + '/offer?' + q, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (res) {
          // One answer per session: asking again on every page would only repeat it.
          set(ss, SHOWN, res.show ? '1' : '0');
          if (!res.show) return;
          return Promise.all([
            load('link', { rel: 'stylesheet', href: cfg.modalCss }),
            load('script', { src: cfg.modalJs, async: true })
          ]).then(function () {
            window.CrmExitIntent.open({ cfg: cfg, offer: res.offer, token: res.token, v: v, c: c, dismissedKey: DISMISSED });
          });
        })
        .catch(function () {});
    });
  }

  if (!mobile && signals.top) {
    on(document, 'mouseout', function (e) {
      if (!e.relatedTarget && e.clientY <= 0) fire();
    });
  }
  if (mobile && signals.scroll) {
    var lastY = scrollY, deepest = 0, upFrom = null;
    on(window, 'scroll', function () {
      var y = scrollY, now = Date.now();
      var room = document.documentElement.scrollHeight - innerHeight;
      if (room > 0) deepest = Math.max(deepest, y / room);
      if (y >= lastY) upFrom = null;
      else if (!upFrom || now - upFrom.t > 300) upFrom = { t: now, y: lastY };
      if (upFrom && deepest >= 0.25 && upFrom.y - y >= 120) fire();
      lastY = y;
    });
  }
  if (mobile && signals.back) {
    var armed = false;
    var arm = function () {
      if (armed || fired) return;
      armed = true;
      // One extra history entry: the first Back lands here instead of leaving, the next one leaves.
      history.pushState({ crmExitIntent: 1 }, '');
    };
    on(document, 'touchstart', arm);
    on(document, 'pointerdown', arm);
    on(window, 'popstate', function () {
      if (armed) fire();
    });
  }
  if (mobile && signals.tab) {
    var left = false;
    on(document, 'visibilitychange', function () {
      if (document.visibilityState === 'hidden') left = true;
      else if (left) fire();
    });
  }
})();
