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
      .then(function (table) { return Object.assign({}, table.typeRefs, table.strings); })
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

  var ready = load();

  window.civicflowI18n = {
    missing: missing,
    modules: function () {
      return ready.then(function (words) {
        return words ? [{ translate: ['value', translator(words)] }] : [];
      });
    }
  };
})();
