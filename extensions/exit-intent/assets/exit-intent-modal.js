/* Exit-intent modal: loaded by the loader only when the app has an offer for this visitor.
   Every shopper-visible string goes through textContent: settings and product names are data. */
(function () {
  'use strict';
  var FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),[tabindex]:not([tabindex="-1"])';

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') el.textContent = attrs[k];
      else if (k === 'className') el.className = attrs[k];
      else el.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) el.appendChild(c); });
    return el;
  }

  function fill(template, values) {
    return String(template || '').replace(/\{(\w+)\}/g, function (m, key) {
      return key in values ? String(values[key]) : m;
    });
  }

  function safeHref(url) {
    try {
      var u = new URL(url, location.href);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function open(ctx) {
    var cfg = ctx.cfg, offer = ctx.offer, t = cfg.text || {};
    var previous = document.activeElement;
    var post = function (path, body) {
      body.v = ctx.v;
      body.c = ctx.c ? '1' : '0';
      body.offer = offer.id;
      if (ctx.token) body.token = ctx.token;
      return fetch(cfg.proxy + '/' + path, {
        method: 'POST',
        credentials: 'same-origin',
        keepalive: true,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body)
      });
    };
    // The page's own product (from Liquid) has the exact title and URL; the app only knows the handle.
    var product = offer.product && cfg.product && cfg.product.title ? cfg.product : offer.product;
    var values = { percent: offer.percentOff, value: offer.value || offer.percentOff + '%', days: offer.daysValid, product: product ? product.title : '' };

    var title = h('h2', { id: 'crm-ei-title', className: 'crm-ei__title' });
    var text = h('p', { id: 'crm-ei-body', className: 'crm-ei__body' });
    var close = h('button', { type: 'button', className: 'crm-ei__close', 'aria-label': t.close || 'Close' }, [h('span', { 'aria-hidden': 'true', text: '\u00d7' })]);
    var content = [];

    if (offer.kind === 'reminder') {
      title.textContent = fill(t.reminderHeadline, values);
      text.textContent = t.reminderBody || '';
      var href = product && safeHref(product.url);
      if (href) content.push(h('a', { href: href, className: 'crm-ei__button', text: t.reminderLink }));
    } else {
      title.textContent = fill(t.headline, values);
      text.textContent = fill(t.body, values);
      content.push(revealArea());
      if (offer.signup) content.push(signupForm());
    }

    var dialog = h('div', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'crm-ei-title', 'aria-describedby': 'crm-ei-body', className: 'crm-ei__dialog', tabindex: '-1' },
      [close, title, text].concat(content));
    var root = h('div', { className: 'crm-ei', 'data-crm-exit-intent': '' }, [h('div', { className: 'crm-ei__backdrop' }), dialog]);
    // A colour set in the theme editor wins; else the shop's brand from the app; else the stylesheet's.
    var colors = cfg.colors || {};
    var brand = offer.brand || {};
    root.style.setProperty('--crm-ei-bg', colors.bg || '');
    root.style.setProperty('--crm-ei-fg', colors.fg || '');
    root.style.setProperty('--crm-ei-accent', colors.accent || brand.accent || '');
    // The label colour was chosen for the brand's accent: it does not apply to another one.
    root.style.setProperty('--crm-ei-on-accent', colors.accent ? '' : brand.onAccent || '');
    root.style.setProperty('--crm-ei-font', brand.font || '');
    if (cfg.locale) root.setAttribute('lang', cfg.locale);

    var inerted = [];
    Array.prototype.forEach.call(document.body.children, function (el) {
      if (!el.inert && el.tagName !== 'SCRIPT') {
        el.inert = true;
        inerted.push(el);
      }
    });
    document.body.appendChild(root);
    (dialog.querySelector('.crm-ei__primary') || close).focus();
    post('event', { type: 'impression' });

    function finish() {
      root.removeEventListener('keydown', onKey);
      root.remove();
      inerted.forEach(function (el) { el.inert = false; });
      if (previous && previous.focus && document.contains(previous)) previous.focus();
      if (ctx.c) {
        try {
          localStorage.setItem(ctx.dismissedKey, String(Date.now()));
        } catch (e) {}
      }
      post('event', { type: 'dismiss' });
    }

    function onKey(e) {
      if (e.key === 'Escape') {
        e.preventDefault();
        finish();
      } else if (e.key === 'Tab') {
        var items = dialog.querySelectorAll(FOCUSABLE);
        var first = items[0], last = items[items.length - 1];
        if (e.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }
    }
    root.addEventListener('keydown', onKey);
    close.addEventListener('click', finish);
    root.firstChild.addEventListener('click', finish);

    function revealArea() {
      var area = h('div', { className: 'crm-ei__reveal', 'aria-live': 'polite' });
      var button = h('button', { type: 'button', className: 'crm-ei__button crm-ei__primary', text: t.reveal });
      area.appendChild(button);
      button.addEventListener('click', function () {
        button.disabled = true;
        post('reveal', {})
          .then(function (r) {
            return r.json().then(function (body) { return { status: r.status, body: body }; });
          })
          .then(function (res) {
            if (res.status !== 200) throw res.status;
            showCode(area, res.body);
          })
          .catch(function (status) {
            button.disabled = false;
            message(area, status === 409 ? t.gone : t.error);
          });
      });
      return area;
    }

    // A code ends at 23:59 on its last day where the shop is: shown in the shop's zone, not the browser's.
    function endsText(iso, timeZone) {
      var until = new Date(iso);
      if (isNaN(until)) return '';
      var korean = /^ko/i.test(cfg.locale || '');
      var opts = { month: 'long', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit' };
      if (korean) opts.hourCycle = 'h23';
      if (timeZone) opts.timeZone = timeZone;
      try {
        return until.toLocaleString(cfg.locale || undefined, opts);
      } catch (e) {
        delete opts.timeZone;
        return until.toLocaleString(cfg.locale || undefined, opts);
      }
    }

    function showCode(area, coupon) {
      var code = h('output', { className: 'crm-ei__code', text: coupon.code });
      var copy = h('button', { type: 'button', className: 'crm-ei__button crm-ei__copy', text: t.copy });
      var date = endsText(coupon.endsAt, coupon.timeZone);
      area.textContent = '';
      area.appendChild(h('p', { className: 'crm-ei__label', text: t.codeLabel }));
      area.appendChild(h('div', { className: 'crm-ei__coderow' }, [code, copy]));
      if (date) area.appendChild(h('p', { className: 'crm-ei__small', text: fill(t.expires, { date: date }) }));
      copy.addEventListener('click', function () {
        var done = function () {
          copy.textContent = t.copied;
          copy.setAttribute('data-copied', '');
        };
        if (navigator.clipboard) navigator.clipboard.writeText(coupon.code).then(done, select);
        else select();
        function select() {
          getSelection().selectAllChildren(code);
        }
      });
      copy.focus();
    }

    function signupForm() {
      var email = h('input', { type: 'email', name: 'email', autocomplete: 'email', id: 'crm-ei-email', className: 'crm-ei__input' });
      var consent = h('input', { type: 'checkbox', name: 'consent', id: 'crm-ei-consent' });
      var submit = h('button', { type: 'submit', className: 'crm-ei__button crm-ei__secondary', text: t.signup });
      var form = h('form', { className: 'crm-ei__signup', novalidate: '' }, [
        h('label', { for: 'crm-ei-email', className: 'crm-ei__label', text: t.emailLabel }),
        email,
        h('label', { className: 'crm-ei__consent' }, [consent, h('span', { text: t.consent })]),
        submit
      ]);
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        submit.disabled = true;
        post('signup', { email: email.value.trim(), consent: consent.checked, locale: cfg.locale || undefined })
          .then(function (r) {
            return r.json().then(function (body) { return { status: r.status, body: body }; });
          })
          .then(function (res) {
            submit.disabled = false;
            if (res.status === 200) {
              form.textContent = '';
              // Double opt-in: nothing is subscribed until the link in the email is clicked.
              message(form, res.body && res.body.confirm === 'email' ? t.signupConfirm : t.signupDone, 'status');
            } else if (res.status === 422) {
              var field = res.body && res.body.field;
              message(form, field === 'consent' ? t.needConsent : t.badEmail);
              (field === 'consent' ? consent : email).setAttribute('aria-invalid', 'true');
            } else {
              message(form, t.error);
            }
          })
          .catch(function () {
            submit.disabled = false;
            message(form, t.error);
          });
      });
      return form;
    }

    function message(parent, words, role) {
      var old = parent.querySelector('.crm-ei__message');
      if (old) old.remove();
      parent.appendChild(h('p', { className: 'crm-ei__message', role: role || 'alert', text: words }));
    }
  }

  window.CrmExitIntent = window.CrmExitIntent || {};
  window.CrmExitIntent.open = open;
})();
