"""Duplicate rules, declared by apps in hooks.py:

    duplicate_rules = {
        "Lead": [{"email_id": "email"}, {"phone": "phone"}, {"first_name": "name", "last_name": "name", "company_name": "company"}],
    }

A rule is a dict of fieldname -> normaliser (see `normalise.NORMALISERS`); two records are
duplicates under a rule when every field of the rule is set on both and their normalised
values agree. Rules are checked when the app loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lowcode.context import local
from lowcode.duplicates.normalise import NORMALISERS
from lowcode.exceptions import HookError
from lowcode.meta.cache import derived, get_meta

#: longest key kept (the Duplicate Key column); longer ones are cut, which only makes them stricter
KEY_LENGTH = 140


@dataclass(frozen=True)
class Rule:
    doctype: str
    fields: tuple[tuple[str, str], ...]

    @property
    def label(self) -> str:
        return "+".join(fieldname for fieldname, _ in self.fields)

    def key(self, values: Any) -> str | None:
        """The normalised key of a document (or dict) under this rule; None when a field is empty."""
        parts = []
        for fieldname, normaliser in self.fields:
            raw = values.get(fieldname)
            part = NORMALISERS[normaliser](str(raw)) if raw not in (None, "") else ""
            if not part:
                return None
            parts.append(part)
        return "|".join(parts)[:KEY_LENGTH]


def check_hook(app: str, value: Any) -> None:
    """Refuse a malformed `duplicate_rules` hook when the app loads."""
    if not isinstance(value, dict):
        raise HookError(f"App '{app}': hooks.duplicate_rules must be a dict of doctype -> list of rules.")
    for doctype, rules in value.items():
        if not isinstance(rules, list) or not all(isinstance(r, dict) and r for r in rules):
            raise HookError(
                f"App '{app}': hooks.duplicate_rules[{doctype!r}] must be a list of non-empty dicts of fieldname -> normaliser."
            )
        for rule in rules:
            for fieldname, normaliser in rule.items():
                if normaliser not in NORMALISERS:
                    raise HookError(
                        f"App '{app}': hooks.duplicate_rules[{doctype!r}] uses normaliser {normaliser!r} for {fieldname!r}; "
                        f"known: {', '.join(NORMALISERS)}."
                    )  # fmt: skip


def _build() -> dict[str, list[Rule]]:
    from lowcode.apps import ordered

    out: dict[str, list[Rule]] = {}
    for app in ordered(local.site.installed_apps):
        for doctype, rules in (app.hook("duplicate_rules") or {}).items():
            out.setdefault(doctype, []).extend(Rule(doctype, tuple(rule.items())) for rule in rules)
    return out


def rules_for(doctype: str) -> list[Rule]:
    """The rules of `doctype` on this site (fields the doctype lacks make a rule inactive); worked out once per doctype."""
    active: dict[str, list[Rule]] = derived(local.site, "active_duplicate_rules", dict)
    found = active.get(doctype)
    if found is None:
        rules = derived(local.site, "duplicate_rules", _build).get(doctype, [])
        meta = get_meta(doctype) if rules else None
        found = active[doctype] = [r for r in rules if meta is not None and all(meta.has_field(f) for f, _ in r.fields)]
    return found


def doctypes_with_rules() -> list[str]:
    return sorted(derived(local.site, "duplicate_rules", _build))
