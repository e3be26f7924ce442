"""Web Form: a public page at /<route> whose submission creates (or updates) a record as Guest."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lowcode.exceptions import ValidationError
from lowcode.meta.cache import get_meta
from lowcode.model.document import Document

ROUTE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*$")
#: first path segments the platform serves itself
RESERVED = {"app", "api", "login", "logout", "assets", "private", "files", "update-password", "openapi.json", "docs"}
NOT_ON_FORMS = {"Table", "Table MultiSelect", "Password", "Attach", "Attach Image", "Code", "JSON", "Dynamic Link"}


class WebForm(Document):
    def validate(self) -> None:
        self.route = str(self.route or "").strip().strip("/").lower()
        if not ROUTE_RE.match(self.route) or self.route.split("/")[0] in RESERVED:
            raise ValidationError(
                f"Web Form '{self.title}': Route must be lower-case words with hyphens (like contact-us), not under "
                f"/{', /'.join(sorted(RESERVED))}; '{self.route[:60]}' is not.",
                doctype="Web Form", name=self.name, fieldname="route",
            )  # fmt: skip
        meta = get_meta(self.doc_type)
        if meta.istable or meta.issingle:
            raise ValidationError(f"Web Form '{self.title}': {self.doc_type} cannot be created from a web form.",
                                  doctype="Web Form", name=self.name, fieldname="doc_type")  # fmt: skip
        names = [row.fieldname for row in self.web_form_fields]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValidationError(f"Web Form '{self.title}': {', '.join(twice)} is in Fields more than once.",
                                  doctype="Web Form", name=self.name, fieldname="web_form_fields")  # fmt: skip
        for row in self.web_form_fields:
            df = meta.get_field(row.fieldname)
            if df is None or not df.has_column or df.fieldtype in NOT_ON_FORMS or df.permlevel:
                raise ValidationError(
                    f"Web Form '{self.title}': row {row.idx} of Fields: {self.doc_type} has no field '{row.fieldname}' a visitor may fill.",
                    doctype="Web Form", name=self.name, fieldname="web_form_fields",
                )  # fmt: skip
            row.label = row.label or df.display_label
            if row.hidden and not row.default:
                raise ValidationError(
                    f"Web Form '{self.title}': row {row.idx} of Fields ({row.fieldname}) is hidden, so it needs the Default every submission gets.",
                    doctype="Web Form", name=self.name, fieldname="web_form_fields",
                )  # fmt: skip
        self._check_dedupe_fields()
        self.allowed_origins = "\n".join(self._origins()) or None

    def _origins(self) -> list[str]:
        """Allowed Origins as 'https://host[:port]', one per line; anything else is refused."""
        out = []
        for line in (self.allowed_origins or "").split():
            parts = urlsplit(line.strip().rstrip("/"))
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
                raise ValidationError(
                    f"Web Form '{self.title}': '{line[:80]}' in Allowed Origins is not a site address like https://www.example.com.",
                    doctype="Web Form", name=self.name, fieldname="allowed_origins",
                )  # fmt: skip
            netloc = parts.netloc.lower().removesuffix({"https": ":443", "http": ":80"}[parts.scheme])  # as browsers send it
            out.append(f"{parts.scheme}://{netloc}")
        return list(dict.fromkeys(out))

    def _check_dedupe_fields(self) -> None:
        from lowcode.duplicates.rules import rules_for

        single = {r.fields[0][0] for r in rules_for(self.doc_type) if len(r.fields) == 1}
        on_form = {row.fieldname for row in self.web_form_fields}
        for fieldname in dedupe_fieldnames(self.dedupe_fields):
            if fieldname not in on_form or fieldname not in single:
                raise ValidationError(
                    f"Web Form '{self.title}': dedupe field '{fieldname}' must be on the form and have a duplicate rule of its own "
                    f"for {self.doc_type} (hooks duplicate_rules).",
                    doctype="Web Form", name=self.name, fieldname="dedupe_fields",
                )  # fmt: skip


def dedupe_fieldnames(text: str | None) -> list[str]:
    return [part for part in re.split(r"[\s,]+", text or "") if part]
