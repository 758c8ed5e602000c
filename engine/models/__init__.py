"""Process models: deploying BPMN/DMN files as versioned definitions, parsing
them safely (no XML entities), validating them, and what civicflow reads from
them besides what SpiffWorkflow runs (lanes, forms, deadlines, who may start
a process and with which form (`starts`), the Camunda mapping), the
functions model code may call and form validation.

Offers cases the parsed specs and task declarations; knows no running case.
"""
