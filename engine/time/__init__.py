"""Time as officials count it: the injectable clock (Asia/Taipei), the Taiwan
government working calendar with its stored overrides (typhoon closures,
extra working days) and deadlines as instants (APA Art. 48).

Imports nothing from the engine but the data leaves (schema, errors); cases,
models, scheduling and the board count days through it.
"""
