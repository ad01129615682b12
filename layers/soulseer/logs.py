"""The layer's loggers: Powertools child loggers of the functions' own `Logger()` (whose service is
POWERTOOLS_SERVICE_NAME, `soulseer` in template.yaml), named here without reading the environment, so
importing a module reads nothing and tests set their environment in one fixture, whenever they like.

    logger = Logger(service=SERVICE, child=True)  # at module level: the logger is named after the module
"""

from __future__ import annotations

SERVICE = "soulseer"
