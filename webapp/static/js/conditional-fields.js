// Conditional form fields: a field wrapper with data-when="name=v1|v2" (or
// "name!=v") is shown only while the named field has (or has not) one of
// those values; the same rule the engine enforces (engine/models/conditions.py).
// A hidden field's inputs are disabled, so the browser neither requires nor
// sends them; a shown one is required again when the model says so
// (data-required). Without this script every field stays visible and the
// server still drops what does not apply.
(function () {
  'use strict';
  var SYNTAX = /^\s*([A-Za-z_]\w*)\s*(!?=)\s*(.+?)\s*$/;

  function parse(text) {
    var m = SYNTAX.exec(text || '');
    if (!m) { return null; }
    return { field: m[1], negate: m[2] === '!=',
             values: m[3].split('|').map(function (v) { return v.trim(); }) };
  }

  function wrapperOf(form, name) {
    var found = null;
    form.querySelectorAll('[data-field]').forEach(function (w) {
      if (w.getAttribute('data-field') === name) { found = w; }
    });
    return found;
  }

  // The words a condition compares with: a checkbox is "true" or "false",
  // a select gives its chosen values, other inputs their text.
  function wordsOf(wrapper) {
    var out = [];
    wrapper.querySelectorAll('input, select, textarea').forEach(function (el) {
      if (el.type === 'checkbox') { out.push(el.checked ? 'true' : 'false'); }
      else if (el.type === 'radio') { if (el.checked) { out.push(el.value); } }
      else if (el.tagName === 'SELECT') {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { if (o.value) { out.push(o.value); } });
      } else if (el.type !== 'hidden' && el.value) { out.push(el.value); }
    });
    return out;
  }

  // A start form repeats per-case fields as name__1, name__2 ...: a field's
  // condition names the field of its own row first.
  function controlOf(form, wrapper, name) {
    var row = /__(\d+)$/.exec(wrapper.getAttribute('data-field') || '');
    return (row && wrapperOf(form, name + '__' + row[1])) || wrapperOf(form, name);
  }

  function applies(form, wrapper) {
    var cond = parse(wrapper.getAttribute('data-when'));
    if (!cond) { return true; }
    var control = controlOf(form, wrapper, cond.field);
    if (!control || control.hidden) { return false; }
    var hit = wordsOf(control).some(function (w) { return cond.values.indexOf(w) >= 0; });
    return hit !== cond.negate;
  }

  function setShown(wrapper, shown) {
    wrapper.hidden = !shown;
    wrapper.querySelectorAll('input, select, textarea').forEach(function (el) {
      el.disabled = !shown;
      if (el.hasAttribute('data-required')) { el.required = shown; }
    });
  }

  // Repeat until nothing changes: a field may depend on one that depends on another.
  function update(form) {
    var wrappers = form.querySelectorAll('[data-when]');
    for (var round = 0; round <= wrappers.length; round++) {
      var changed = false;
      wrappers.forEach(function (w) {
        var shown = applies(form, w);
        if (shown === w.hidden) { setShown(w, shown); changed = true; }
      });
      if (!changed) { return; }
    }
  }

  function init() {
    document.querySelectorAll('form').forEach(function (form) {
      if (!form.querySelector('[data-when]')) { return; }
      form.querySelectorAll('[data-when]').forEach(function (w) { setShown(w, true); });
      update(form);
      form.addEventListener('change', function () { update(form); });
      form.addEventListener('input', function () { update(form); });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
