"""The data layer: engines, schema sync, the query builder.

`lowcode.db.<attr>` also reaches the active unit's Database, so scripts write
`lowcode.db.commit()` as in Frappe.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name.startswith("_"):
        raise AttributeError(name)
    import importlib.util

    if importlib.util.find_spec(f"lowcode.db.{name}") is not None:
        return importlib.import_module(f"lowcode.db.{name}")
    from lowcode.context import current

    return getattr(current().db, name)
