"""What runs without a person: the APScheduler-driven scheduler, timer rows
claimed by one of many processes (`timers`, `leases`), the PostgreSQL wake-up
(`wake`), the recurring jobs (digest, audit plan, council round) and the
outbox of notices with its zh-TW/English templates (`outbox`, `templates/`).

Reads and writes through engine.data and counts days with engine.time; fires
timers through the `Engine` it is handed, so it imports no case code.
"""
