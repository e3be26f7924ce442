"""lowcode: a metadata-driven low-code platform speaking Frappe's vocabulary.

The names here are the public API for apps and scripts:

    with lowcode.site_context("acme.local"):
        lead = lowcode.new_doc("Lead", lead_name="Ana").insert()
        lowcode.db.commit()
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import the public API lazily, so `import lowcode` stays cheap and cycle-free."""
    if name.startswith("_"):
        raise AttributeError(name)
    import importlib
    import importlib.util

    if importlib.util.find_spec(f"lowcode.{name}") is not None:
        return importlib.import_module(f"lowcode.{name}")
    _api = importlib.import_module("lowcode._api")
    try:
        value = getattr(_api, name)
    except AttributeError:
        raise AttributeError(f"module 'lowcode' has no attribute '{name}'") from None
    globals()[name] = value
    return value
