"""Moving open cases to a newer deployed version of their model (issue 16).

plan.py says where cases may wait and how each such element maps onto the new
version; transplant.py moves one SpiffWorkflow instance onto the new specs (or
refuses, touching nothing); dryrun.py tells for each chosen case whether it can
move; run.py moves them, one transaction per case, resumable.
"""
