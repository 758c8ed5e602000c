"""Running cases: the `Engine` and its commands (one transaction each, with
its audit record), the workflow store, the task/timer/message index kept in
step with each workflow, messages, case data and numbers, links between
cases, extensions and the deadlines they move, timer batches, starting
cases with their start form filled (`starting`), and the
read queries of the inbox and case page as a viewer may see them.

What the web layer, the board, the report and authoring call; it never
imports them.
"""
