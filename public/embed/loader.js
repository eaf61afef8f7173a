/* Portico: the deal registration form for partners' websites. The only script a host page
   loads; it needs no inline script and no styles from the host.

     <script src="https://PORTAL/embed/v1/loader.js" defer></script>
     <div data-portico-embed data-key="pe_…"></div>

   Optional design overrides on the element (anything else is ignored, with a console note):
   data-accent, data-text, data-background (#rgb or #rrggbb), data-font (installed or generic
   font families, e.g. "Inter, sans-serif"), data-radius (0–32px or 0–2rem). data-lang="de"
   or "en" fixes the form's language; without it the form speaks the visitor's browser's.

   For each element it asks the portal whether this website may show the form (exact-match
   CORS), then frames the form page — or says, in place of the form, why it cannot. The frame
   reports its height with postMessage; only messages from the portal's origin and from that
   very frame are read. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var portal = new URL(script.src).origin;
  var colour = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
  var THEME = {
    accent: colour,
    text: colour,
    background: colour,
    font: /^[a-z0-9 "',-]{1,200}$/i,
    radius: /^(?:0|\d{1,2}(?:\.\d{1,2})?(?:px|r?em))$/i
  };
  var HEIGHT = 'portico-embed:height';

  function shadow(el) {
    // A shadow root keeps the host page's CSS away from what is shown here.
    return el.shadowRoot || (el.attachShadow ? el.attachShadow({ mode: 'open' }) : el);
  }

  function say(el, text) {
    var p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.setAttribute('data-portico-message', '');
    p.textContent = text;
    // CSSOM properties, not a style attribute: allowed under a strict style-src.
    p.style.margin = '0';
    p.style.padding = '12px 16px';
    p.style.border = '1px solid #b42318';
    p.style.borderRadius = '6px';
    p.style.background = '#fef3f2';
    p.style.color = '#7a1a12';
    p.style.font = '16px/1.5 system-ui, sans-serif';
    var root = shadow(el);
    root.textContent = '';
    root.appendChild(p);
  }

  function refusal(status, body) {
    // The portal words its refusals in the visitor's language; without an answer (offline,
    // a proxy's error page) the page's or the browser's language picks one of two sentences.
    if (body && typeof body.text === 'string' && body.text) return body.text;
    var lang = (document.documentElement.lang || navigator.language || 'en').toLowerCase();
    return lang.indexOf('de') === 0
      ? 'Das Formular zur Deal-Registrierung konnte nicht geladen werden. Bitte versuchen Sie es später erneut.'
      : 'The deal registration form could not be loaded. Please try again later.';
  }

  function frame(el, key, config) {
    var query = new URLSearchParams({ key: key, origin: location.origin });
    if (config.lang) query.set('lang', config.lang);
    Object.keys(THEME).forEach(function (name) {
      var value = el.getAttribute('data-' + name);
      if (value === null) return;
      if (THEME[name].test(value)) query.set(name, value);
      else if (window.console) console.warn('Portico form: data-' + name + '="' + value + '" is not usable and is ignored.');
    });
    var iframe = document.createElement('iframe');
    iframe.src = portal + config.form_path + '?' + query.toString();
    iframe.title = config.title;
    iframe.style.display = 'block';
    iframe.style.width = '100%';
    iframe.style.height = '720px';
    iframe.style.border = '0';
    window.addEventListener('message', function (event) {
      if (event.origin !== portal || event.source !== iframe.contentWindow) return;
      var data = event.data;
      if (data && data.type === HEIGHT && typeof data.height === 'number' &&
          data.height > 0 && data.height < 20000) {
        iframe.style.height = Math.ceil(data.height) + 'px';
      }
    });
    var root = shadow(el);
    root.textContent = '';
    root.appendChild(iframe);
  }

  function mount(el) {
    if (el.hasAttribute('data-portico-mounted')) return;
    el.setAttribute('data-portico-mounted', '');
    var key = el.getAttribute('data-key') || '';
    var lang = el.getAttribute('data-lang');
    var ask = portal + '/api/v1/embed/' + encodeURIComponent(key) + '/config' +
      (lang ? '?lang=' + encodeURIComponent(lang) : '');
    fetch(ask, {
      credentials: 'omit',
      mode: 'cors'
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.ok && body && body.form_path) frame(el, key, body);
        else say(el, refusal(response.status, body));
      });
    }).catch(function () {
      say(el, refusal(0, null));
    });
  }

  function run() {
    var elements = document.querySelectorAll('[data-portico-embed]');
    for (var i = 0; i < elements.length; i++) mount(elements[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
