"""civicflow's engine: the domain core. It imports no Flask."""
