"""Projects: the social investment project, its members and its lifecycle (the phase
graph itself is pure, in :mod:`socinv.core.phases`)."""
