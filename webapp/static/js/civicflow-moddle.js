// The civicflow extension namespace (docs/modelling.md) as a moddle descriptor:
// bpmn-js then reads and writes <civicflow:task>, <civicflow:lane>,
// <civicflow:form>, <civicflow:table> and <civicflow:value> as typed elements, so the panel edits them and they
// round-trip through saveXML unchanged. Every attribute is a String so that
// what the analyst typed is written back exactly as typed.
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
      { name: 'Task', superClass: ['Element'], properties: attrs(['agency', 'role', 'due', 'priority', 'not_by', 'reason', 'adds_days', 'show_fields']) },
      { name: 'Lane', superClass: ['Element'], properties: attrs(['agency', 'role']) },
      { name: 'Form', superClass: ['Element'], properties: [
        { name: 'fields', type: 'Field', isMany: true }] },
      { name: 'Field', superClass: ['Element'], properties: attrs(
        ['name', 'type', 'required', 'label_zh', 'label_en', 'min', 'max', 'maxlength', 'default', 'when',
         'decision', 'yes_zh', 'no_zh', 'yes_en', 'no_en']
      ).concat([{ name: 'choices', type: 'Choice', isMany: true }]) },
      { name: 'Choice', superClass: ['Element'], properties: attrs(['value', 'label_zh', 'label_en']) },
      // A list a script made, shown beside the form, and single values (engine/models/shown_data.py).
      { name: 'Table', superClass: ['Element'], properties: attrs(['name', 'label_zh', 'label_en'])
        .concat([{ name: 'columns', type: 'Column', isMany: true }]) },
      { name: 'Column', superClass: ['Element'], properties: attrs(
        ['key', 'type', 'label_zh', 'label_en', 'yes_zh', 'no_zh', 'yes_en', 'no_en']) },
      { name: 'Value', superClass: ['Element'], properties: attrs(
        ['name', 'type', 'label_zh', 'label_en', 'yes_zh', 'no_zh', 'yes_en', 'no_en']) }
    ],
    enumerations: []
  };
  root.CivicflowModdle = descriptor;
  if (typeof module !== 'undefined') { module.exports = descriptor; }
})(typeof window !== 'undefined' ? window : globalThis);
