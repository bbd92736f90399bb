"""Load stage: scenario and park files → validated ``Scenario`` and ``Park``."""

from symbiosis.load.park import Park
from symbiosis.load.scenario import Scenario, load_park, load_scenario

__all__ = ["Park", "Scenario", "load_park", "load_scenario"]
