// bpmn-js and dmn-js draw their palette, context pad, menus, drill-down
// buttons and decision-table controls in English. On a page in Chinese they
// get a `translate` service (the bpmn-io way: an additional module) that looks
// the English up in i18n/bpmn-io.zh-TW.json and fills in {placeholders}.
// `civicflowI18n.modules()` resolves to the additionalModules to pass.
(function () {
  'use strict';
  var script = document.currentScript;
  var english = /^en\b/.test(document.documentElement.lang || '');
  var missing = [];   // English asked for and not in the table (read by the browser tests)

  function load() {
    if (english) { return Promise.resolve(null); }
    var url = new URL('i18n/bpmn-io.zh-TW.json', script.src);
    return fetch(url, { credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .catch(function () { return null; });   // without the table the diagram still opens, in English
  }

  function translator(words) {
    return function translate(template, replacements) {
      replacements = replacements || {};
      var text = words[template];
      if (text === undefined) {
        text = template;
        if (template && missing.indexOf(template) < 0) { missing.push(template); }
      }
      // bpmn-io's substitution; a key is trimmed as dmn-js writes some ('{ sample }').
      return text.replace(/{([^}]+)}/g, function (_, key) {
        var value = replacements[key.trim()];
        return value || value === 0 ? value : '{' + key + '}';
      });
    };
  }

  // A few titles and labels (dmn-js's column drag handles, its context menu) are
  // written without translate(): they are replaced as they appear under `root`.
  function retitle(root, words) {
    var keys = Object.keys(words);
    var selector = keys.map(function (k) { return '[title="' + k + '"],[aria-label="' + k + '"]'; }).join(',');
    function fix(el) {
      ['title', 'aria-label'].forEach(function (attr) {
        var text = words[el.getAttribute(attr)];
        if (text) { el.setAttribute(attr, text); }
      });
    }
    // Only what was added is scanned: a drag in the editor adds and moves
    // nodes many times a second, and rescanning the whole page each time cost.
    function scan(node) {
      if (node.nodeType !== 1) { return; }
      if (node.matches(selector)) { fix(node); }
      node.querySelectorAll(selector).forEach(fix);
    }
    if (!keys.length) { return; }
    new MutationObserver(function (mutations) {
      mutations.forEach(function (m) { m.addedNodes.forEach(scan); });
    }).observe(root, { childList: true, subtree: true });
    scan(root);
  }

  var ready = load();

  window.civicflowI18n = {
    missing: missing,
    modules: function () {
      return ready.then(function (table) {
        return table ? [{ translate: ['value', translator(Object.assign({}, table.typeRefs, table.strings))] }] : [];
      });
    },
    retitle: function (root) {
      ready.then(function (table) { if (table) { retitle(root, table.hardcoded || {}); } });
    }
  };
})();
