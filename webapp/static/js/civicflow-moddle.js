// The civicflow extension namespace (docs/modelling.md) as a moddle descriptor:
// bpmn-js then reads and writes <civicflow:task>, <civicflow:lane>,
// <civicflow:form>, <civicflow:table>, <civicflow:value>, <civicflow:start> and
// <civicflow:service> (and what they hold) as typed elements, so the panel edits
// them and they round-trip through saveXML unchanged. bpmn-js DROPS an element of
// this namespace that is not declared here (with the warning "unknown type"), so
// every element and attribute the engine reads (engine/models/meta.py, starts.py,
// shown_data.py, services.py) is declared; tests/browser/test_editor_round_trip.py
// checks every shipped model. Every attribute is a String so that what the analyst
// typed is written back exactly as typed.
(function (root) {
  function attrs(names) {
    return names.map(function (name) { return { name: name, isAttr: true, type: 'String' }; });
  }
  var descriptor = {
    name: 'civicflow',
    prefix: 'civicflow',
    uri: 'urn:civicflow:bpmn:1',
    xml: { tagAlias: 'lowerCase' },
    associations: [],
    types: [
      // engine/models/meta.py (_task_meta), case_parts.py (shows), task_names.py (name_zh, name_en).
      { name: 'Task', superClass: ['Element'], properties: attrs(
        ['agency', 'role', 'due', 'priority', 'not_by', 'reason', 'adds_days', 'keep_with', 'show_fields', 'shows',
         'name_zh', 'name_en', 'item']) },
      { name: 'Lane', superClass: ['Element'], properties: attrs(['agency', 'role']) },
      { name: 'Form', superClass: ['Element'], properties: [
        { name: 'fields', type: 'Field', isMany: true }] },
      { name: 'Field', superClass: ['Element'], properties: attrs(
        ['name', 'type', 'required', 'label_zh', 'label_en', 'min', 'max', 'maxlength', 'default', 'when',
         'resource', 'during', 'decision', 'yes_zh', 'no_zh', 'yes_en', 'no_en', 'confirm', 'starts_from',
         'example']
      ).concat([{ name: 'choices', type: 'Choice', isMany: true }]) },
      { name: 'Choice', superClass: ['Element'], properties: attrs(['value', 'label_zh', 'label_en']) },
      // A list a script made, shown beside the form, and single values (engine/models/shown_data.py).
      { name: 'Table', superClass: ['Element'], properties: attrs(['name', 'label_zh', 'label_en'])
        .concat([{ name: 'columns', type: 'Column', isMany: true }]) },
      { name: 'Column', superClass: ['Element'], properties: attrs(
        ['key', 'type', 'label_zh', 'label_en', 'yes_zh', 'no_zh', 'yes_en', 'no_en'])
        .concat([{ name: 'choices', type: 'Choice', isMany: true }]) },
      { name: 'Value', superClass: ['Element'], properties: attrs(
        ['name', 'type', 'label_zh', 'label_en', 'yes_zh', 'no_zh', 'yes_en', 'no_en'])
        .concat([{ name: 'choices', type: 'Choice', isMany: true }]) },
      // Who may start the process from the web, with which form (engine/models/starts.py),
      // on the process's start event.
      { name: 'Start', superClass: ['Element'], properties: attrs(
        ['task', 'roles', 'agencies', 'name_zh', 'name_en', 'hint_zh', 'hint_en', 'title', 'each',
         'each_label_zh', 'each_label_en', 'petitioner', 'agency_kinds', 'category', 'contact']) },
      // The function a service task calls, with its arguments (engine/models/services.py).
      { name: 'Service', superClass: ['Element'], properties: attrs(['function', 'result'])
        .concat([{ name: 'args', type: 'Arg', isMany: true }]) },
      { name: 'Arg', superClass: ['Element'], properties: attrs(['name', 'value']) }
    ],
    enumerations: []
  };
  root.CivicflowModdle = descriptor;
  if (typeof module !== 'undefined') { module.exports = descriptor; }
})(typeof window !== 'undefined' ? window : globalThis);
