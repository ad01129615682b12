"""Tables bound when first used: a model's `Meta` names the setting that holds its table, and the name
is read from the environment on the first call (as the Lambda handler cookbook's `get_dal_handler`), so
importing a model reads nothing and tests set the environment whenever they like.

    class SessionModel(Model):
        class Meta(BoundTable):
            table_setting = "SESSIONS_TABLE"
"""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pynamodb.connection import Connection

from soulseer.config import CoreSettings, EnvSettings, aws_region, settings_for


class _BoundAtFirstUse(type):
    @property
    def table_name(cls) -> str:
        return str(getattr(settings_for(cls.settings_class), cls.table_setting))  # type: ignore[attr-defined]

    @property
    def region(cls) -> str:
        return aws_region()


class BoundTable(metaclass=_BoundAtFirstUse):
    """The `Meta` base of a stored model: `table_setting` is the variable's name (template.yaml sets it)."""

    settings_class: ClassVar[type[EnvSettings]] = CoreSettings
    table_setting: ClassVar[str]


@lru_cache(maxsize=1)
def transactions_connection() -> Connection:
    """The connection a TransactWrite needs; built once per warm container."""
    return Connection(region=aws_region())
