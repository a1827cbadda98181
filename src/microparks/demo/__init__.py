"""The deterministic demo county (青岚县): generated as plain data, loaded by ``demo.load``.

``generate_demo`` needs only numpy; ``microparks.demo.load`` needs Django and is imported on
its own so that the generator stays usable without a database.
"""

from microparks.demo.generate import DEFAULT_SEED, generate_demo
from microparks.demo.model import DemoCounty

__all__ = ["DEFAULT_SEED", "DemoCounty", "generate_demo"]
