"""What analysts work on before a model runs: drafts kept per process key,
differences between versions (`diff` over `elements`), and test-runs of a
draft with sample data on a throwaway database (`testrun` runs `walk` in a
child process; `plan` holds what goes in and comes out, `sample_forms` the
forms it asks sample data for, `sample` the values).
"""
