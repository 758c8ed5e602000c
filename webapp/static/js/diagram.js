// Show the case's BPMN with bpmn-js and mark the current and finished tasks.
(function () {
  var box = document.getElementById('diagram');
  if (!box || !window.BpmnJS) { return; }
  var viewer = new window.BpmnJS({ container: box });
  fetch(box.dataset.src, { credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
    .then(function (xml) { return viewer.importXML(xml); })
    .then(function () {
      var canvas = viewer.get('canvas');
      var registry = viewer.get('elementRegistry');
      canvas.zoom('fit-viewport');
      [['done', box.dataset.done], ['current', box.dataset.current]].forEach(function (pair) {
        (pair[1] || '').split(' ').forEach(function (id) {
          if (id && registry.get(id)) { canvas.addMarker(id, pair[0]); }
        });
      });
    })
    .catch(function (err) {
      box.textContent = 'diagram unavailable (' + err.message + ')';
    });
})();
