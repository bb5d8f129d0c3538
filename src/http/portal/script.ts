// The portal page's one script (served at PORTAL_SCRIPT_PATH, same origin, so the CSP's
// script-src 'self' holds): saves the new-customer form as the customer types — one PATCH per pause
// of 600 ms with the fields changed since the last — and sends it with "Send to us". Plain ES2017,
// no library: the page stays light (docs/portal.md).
export const PORTAL_SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('portal-form');
  if (!form) return;
  var base = location.pathname.replace(/\\/$/, '');
  var state = document.getElementById('save-state');
  var billTo = document.getElementById('billTo');
  var same = document.getElementById('f-billToSameAsShipTo');
  var pending = {};
  var timer = null;
  var inFlight = null;

  function setPath(obj, path, value) {
    var parts = path.split('.');
    var o = obj;
    for (var i = 0; i < parts.length - 1; i++) { o[parts[i]] = o[parts[i]] || {}; o = o[parts[i]]; }
    o[parts[parts.length - 1]] = value;
  }
  function mergeInto(target, source) {
    Object.keys(source).forEach(function (k) {
      if (source[k] && typeof source[k] === 'object') { target[k] = target[k] || {}; mergeInto(target[k], source[k]); }
      else if (!(k in target)) target[k] = source[k];
    });
  }
  function say(text) { state.textContent = text; }
  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll('[data-error-for]'), function (p) { p.textContent = ''; });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
  }
  function showErrors(problem) {
    var first = null;
    (problem.errors || []).forEach(function (e) {
      var p = form.querySelector('[data-error-for="' + e.path + '"]');
      var input = form.querySelector('[name="' + e.path + '"]');
      if (p) p.textContent = e.message;
      if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
    });
    if (first) first.focus();
  }
  function toggleBillTo() { if (billTo && same) billTo.hidden = same.checked; }
  function request(method, path, body) {
    return fetch(base + path, {
      method: method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'omit',
      cache: 'no-store',
    }).then(function (r) {
      return r.text().then(function (t) { var j = {}; try { j = t ? JSON.parse(t) : {}; } catch (e) { j = {}; } return { ok: r.ok, status: r.status, body: j }; });
    });
  }
  function save() {
    timer = null;
    if (inFlight) { return inFlight.then(save); }
    var body = pending;
    if (Object.keys(body).length === 0) return Promise.resolve(true);
    pending = {};
    say('Saving…');
    inFlight = request('PATCH', '/form', body).then(function (res) {
      inFlight = null;
      if (res.ok) { say('Saved'); return true; }
      showErrors(res.body);
      say('Not saved: ' + (res.status === 404 ? 'this link no longer opens the page.' : 'please check the fields marked.'));
      return false;
    }, function () {
      inFlight = null;
      mergeInto(pending, body);
      say('Not saved: no connection. We will try again when you type.');
      return false;
    });
    return inFlight;
  }
  var file = document.getElementById('f-file');
  var uploadState = document.getElementById('upload-state');
  if (file) file.addEventListener('change', function () {
    if (!file.files || file.files.length === 0) return;
    var chosen = file.files[0];
    var p = form.querySelector('[data-error-for="file"]');
    p.textContent = '';
    if (chosen.size > 5 * 1024 * 1024) { p.textContent = 'The file is larger than 5 MB: send a smaller scan or a PDF.'; return; }
    var data = new FormData();
    data.append('file', chosen, chosen.name);
    uploadState.textContent = 'Sending ' + chosen.name + '…';
    fetch(base + '/documents', { method: 'POST', body: data, credentials: 'omit', cache: 'no-store' }).then(function (r) {
      return r.text().then(function (t) { var j = {}; try { j = t ? JSON.parse(t) : {}; } catch (e) { j = {}; } return { ok: r.ok, body: j }; });
    }).then(function (res) {
      if (res.ok) { uploadState.textContent = 'Received: ' + res.body.fileName; file.value = ''; return; }
      uploadState.textContent = '';
      p.textContent = res.body.detail || 'The file was not received.';
    }, function () { uploadState.textContent = ''; p.textContent = 'Not sent: no connection. Please try again.'; });
  });
  form.addEventListener('input', function (e) {
    var el = e.target;
    if (!el.name || el.type === 'file') return;
    setPath(pending, el.name, el.type === 'checkbox' ? el.checked : el.value);
    var p = form.querySelector('[data-error-for="' + el.name + '"]');
    if (p) p.textContent = '';
    el.removeAttribute('aria-invalid');
    if (el === same) toggleBillTo();
    say('Saving…');
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 600);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (timer) clearTimeout(timer);
    clearErrors();
    save().then(function () { return request('POST', '/form/submit'); }).then(function (res) {
      if (res.ok) { say('Thank you — we have your details. Your contact will check them and get back to you if anything is missing.'); return; }
      showErrors(res.body);
      say(res.status === 404 ? 'This link no longer opens the page.' : 'Almost there: please fill in the fields marked.');
    }, function () { say('Not sent: no connection. Please try again.'); });
  });
  toggleBillTo();
})();
`;
