// Shared BPMN viewer loading (bpmn-js): `civicflowDiagram(box, ready)` fetches
// box.dataset.src, draws it fitted and calls ready(viewer). On the case page
// (#diagram) it also marks the current and finished tasks.
// The viewer speaks the page's language (its drill-down button's title) when
// bpmn-io-i18n.js is loaded before this file.
window.civicflowDiagram = function (box, ready) {
  var viewer;
  var words = window.civicflowI18n ? window.civicflowI18n.modules() : Promise.resolve([]);
  var xml = fetch(box.dataset.src, { credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); });
  Promise.all([xml, words])
    .then(function (both) {
      viewer = new window.BpmnJS({ container: box, additionalModules: both[1] });
      return viewer.importXML(both[0]);
    })
    .then(function () {
      viewer.get('canvas').zoom('fit-viewport');
      ready(viewer);
    })
    .catch(function (err) {
      // The page's own words when it gives them, in the reader's language: a
      // model without its drawing (no BPMNDiagram: bpmn-js says "no diagram to
      // display") in data-no-layout, any other failure in data-unavailable.
      var noLayout = /no diagram to display/.test(err && err.message || '');
      box.textContent = (noLayout && box.dataset.noLayout) || box.dataset.unavailable ||
        ('diagram unavailable (' + err.message + ')');
      box.classList.add('unavailable');   // a line of words, not an empty canvas
    });
};

(function () {
  var box = document.getElementById('diagram');
  if (!box || !window.BpmnJS) { return; }
  window.civicflowDiagram(box, function (viewer) {
    var canvas = viewer.get('canvas');
    var registry = viewer.get('elementRegistry');
    [['done', box.dataset.done], ['current', box.dataset.current]].forEach(function (pair) {
      (pair[1] || '').split(' ').forEach(function (id) {
        if (id && registry.get(id)) { canvas.addMarker(id, pair[0]); }
      });
    });
  });
})();
