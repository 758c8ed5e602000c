// Bulk actions on a list (inbox "whole agency", board drill-down): a box in
// the heading ticks every row of the page, and the hint counts what is ticked.
// Without this script each row is ticked by hand; the server does the rest.
(function () {
  'use strict';
  function init() {
    var form = document.getElementById('bulk-form');
    if (!form) { return; }
    var page = document.getElementById('pick-page');
    var boxes = form.querySelectorAll('input[type=checkbox][name=task], input[type=checkbox][name=case]');
    var hint = document.getElementById('bulk-picked');
    var template = hint ? hint.getAttribute('data-count') : null;
    function count() {
      var n = 0;
      boxes.forEach(function (b) { if (b.checked) { n += 1; } });
      if (hint && template && n > 0) { hint.textContent = template.replace('%n', String(n)); }
      if (page) { page.checked = n > 0 && n === boxes.length; }
    }
    if (page) {
      page.addEventListener('change', function () {
        boxes.forEach(function (b) { b.checked = page.checked; });
        count();
      });
    }
    boxes.forEach(function (b) { b.addEventListener('change', count); });
    count();
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
}());
