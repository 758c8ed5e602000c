// Version history pages: bpmn-js viewers whose elements are marked from
// data-mark-<class>="id id ..." attributes (added, removed, changed, visited, failed).
(function () {
  if (!window.BpmnJS) { return; }
  var PREFIX = 'mark';

  function marks(box) {
    var out = [];
    Object.keys(box.dataset).forEach(function (key) {
      if (key.indexOf(PREFIX) === 0 && key.length > PREFIX.length) {
        var cls = 'cf-' + key.slice(PREFIX.length).toLowerCase();
        (box.dataset[key] || '').split(' ').forEach(function (id) {
          if (id) { out.push([id, cls]); }
        });
      }
    });
    return out;
  }

  function show(box) {
    window.civicflowDiagram(box, function (viewer) {
      var canvas = viewer.get('canvas');
      var registry = viewer.get('elementRegistry');
      var shown = 0;
      marks(box).forEach(function (pair) {
        if (registry.get(pair[0])) { canvas.addMarker(pair[0], pair[1]); shown += 1; }
      });
      box.dataset.marked = String(shown);
      box.classList.add('ready');
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('.vdiagram'), show);
})();
