"""Finding a doctype's controller: the `Document` subclass in `<snake>.py` next to its JSON."""

from __future__ import annotations

import importlib
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lowcode.apps import get_app
from lowcode.exceptions import MetadataError
from lowcode.meta.cache import get_meta
from lowcode.meta.loader import scrub

if TYPE_CHECKING:
    from lowcode.model.document import Document


def class_name(doctype: str) -> str:
    """'Sales Order' -> 'SalesOrder'."""
    return re.sub(r"[^A-Za-z0-9]", "", doctype.title() if doctype.islower() else doctype)


@cache
def _controller_for(package: str, doctype: str) -> type[Document]:
    from lowcode.model.document import Document

    folder = scrub(doctype)
    root = importlib.import_module(package)
    if not (Path(root.__file__ or "").parent / "doctype" / folder / f"{folder}.py").exists():
        return Document
    module = importlib.import_module(f"{package}.doctype.{folder}.{folder}")
    cls = getattr(module, class_name(doctype), None)
    if cls is None or not (isinstance(cls, type) and issubclass(cls, Document)):
        raise MetadataError(f"{module.__file__}: expected a class {class_name(doctype)}(Document) for DocType '{doctype}'")
    return cls


def get_controller(doctype: str) -> type[Document]:
    from lowcode.model.document import Document

    meta = get_meta(doctype)
    if not meta.app:
        return Document
    return _controller_for(get_app(meta.app).module.__name__, doctype)
