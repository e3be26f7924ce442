"""A form's layout from the field order: tabs hold sections, sections hold columns of fields.

Also the widget registry: which template macro draws each fieldtype.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lowcode.meta.meta import DocField, Meta

#: fieldtype -> widget macro in templates/desk/widgets.html
WIDGETS = {
    "Data": "data", "Read Only": "data", "Phone": "phone", "Email": "email", "Color": "color",
    "Select": "select", "Link": "link", "Dynamic Link": "dynamic_link",
    "Small Text": "textarea", "Text": "textarea", "Long Text": "textarea", "Code": "code", "JSON": "code",
    "Text Editor": "editor", "Int": "number", "Float": "number", "Percent": "number", "Currency": "currency",
    "Check": "check", "Rating": "rating", "Date": "date", "Datetime": "datetime", "Time": "time",
    "Attach": "attach", "Attach Image": "attach", "Password": "password",
    "Table": "table", "Table MultiSelect": "table", "HTML": "html", "Heading": "heading",
}  # fmt: skip
#: Data fields whose options make them another widget
DATA_OPTIONS = {"Email": "email", "Phone": "phone", "URL": "weblink"}


def widget_for(df: DocField) -> str:
    if df.fieldtype == "Data" and df.options in DATA_OPTIONS:
        return DATA_OPTIONS[df.options or ""]
    return WIDGETS.get(df.fieldtype, "")


@dataclass
class Section:
    fieldname: str
    label: str = ""
    collapsible: bool = False
    depends_on: str | None = None
    columns: list[list[DocField]] = field(default_factory=lambda: [[]])

    @property
    def empty(self) -> bool:
        return not any(self.columns)


@dataclass
class Tab:
    fieldname: str
    label: str
    sections: list[Section] = field(default_factory=list)


def build_layout(meta: Meta, visible: set[str] | None) -> list[Tab]:
    """Tabs of sections of columns; fields the user may not read are left out."""
    tabs = [Tab("details_tab", "Details", [Section("first_section")])]
    for df in meta.fields:
        if df.fieldtype == "Tab Break":
            tabs.append(Tab(df.fieldname, df.label or "", [Section(f"{df.fieldname}_section")]))
        elif df.fieldtype == "Section Break":
            tabs[-1].sections.append(Section(df.fieldname, df.label or "", bool(df.collapsible), df.depends_on))
        elif df.fieldtype == "Column Break":
            tabs[-1].sections[-1].columns.append([])
        elif df.fieldtype != "Button" and (visible is None or df.fieldname in visible):
            tabs[-1].sections[-1].columns[-1].append(df)
    for tab in tabs:
        tab.sections = [s for s in tab.sections if not s.empty]
        for section in tab.sections:
            section.columns = [c for c in section.columns if c]
    return [t for t in tabs if t.sections]


def grid_columns(child: Meta) -> list[DocField]:
    """The columns of a child-table grid: in_list_view fields, else the first few data fields."""
    shown = [df for df in child.data_fields if df.in_list_view and not df.hidden]
    return shown or [df for df in child.data_fields if not df.hidden][:4]
