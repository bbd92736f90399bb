"""symbiosis: industrial-symbiosis simulator for eco-industrial parks.

Public API: ``load_scenario`` → ``solve_scenario`` → ``Results`` → ``write_results``.
"""

__version__ = "0.1.0"
