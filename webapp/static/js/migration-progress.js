// The page of a migration run or dry run the scheduler works
// (webapp/views/migrations.py): while its progress section carries
// data-poll, read the page again every few seconds and show the new counts;
// once the server renders it otherwise (finished, started, stopped, or the
// dry run's result), load that page. Without this script the section offers
// a link that reloads the page.
(function () {
  'use strict';
  var section = document.querySelector('[data-poll]');
  if (!section) { return; }
  var every = parseInt(section.dataset.poll, 10) || 2000;
  var SWAP = ['#progress-text'];

  function swap(next) {
    var bar = document.getElementById('progress');
    var nextBar = next.getElementById('progress');
    if (bar && nextBar) {
      bar.max = nextBar.max;
      bar.value = nextBar.value;
    }
    SWAP.forEach(function (sel) {
      var here = document.querySelector(sel);
      var there = next.querySelector(sel);
      if (here && there && here.textContent !== there.textContent) {
        here.textContent = there.textContent;
      }
    });
  }

  function poll() {
    fetch(window.location.href, {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
      .then(function (resp) { return resp.ok ? resp.text() : null; })
      .then(function (html) {
        if (html === null) { return setTimeout(poll, every * 2); }
        var next = new DOMParser().parseFromString(html, 'text/html');
        var state = document.getElementById('run-state');
        var nextState = next.getElementById('run-state');
        var changed = state && nextState && state.textContent !== nextState.textContent;
        // Done, or waiting became working (or stopped): the page as the server shows it now.
        if (!next.querySelector('[data-poll]') || changed) { window.location.reload(); return; }
        swap(next);
        setTimeout(poll, every);
      })
      .catch(function () { setTimeout(poll, every * 2); });
  }
  setTimeout(poll, every);
}());
