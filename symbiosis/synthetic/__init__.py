"""Synthetic regional networks of parks for benchmarks and tests.

``generate(tenants, parks=1, seed=0, links=None)`` gives a park model dict in the file
format of ``docs/model-format.md``; ``write(model, path)`` writes it as YAML. Sector
templates (fertilizer, yellow phosphorus, copper smelter, steel, cement, coal power,
food) are in ``templates.py``.
"""

from symbiosis.synthetic.generate import generate, write

__all__ = ["generate", "write"]
