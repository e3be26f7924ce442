"""Checking and rewriting a query report's SQL, token by token.

The text is split into tokens (strings, quoted identifiers, words, :parameters,
comments, punctuation). The rules, each with a clear error:

- one statement, starting with SELECT or WITH; no statement keyword that writes, locks,
  exports or changes settings; no backslash (so no dialect-specific escape can hide text),
  no # or $ and no @ variables;
- comments are dropped from what is sent (MariaDB runs `/*! ... */` comments);
- identifiers may be quoted with "..." or `...` on every database; they are re-quoted
  the way the site's database wants;
- a doctype's table (`tabLead`, any case) is replaced by a subquery of what the user may
  read; tables of the platform (`__Auth`, `tabSingles` ...) and system catalogues are
  refused, and so are schema-qualified names and functions that read files or run text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lowcode.exceptions import ReportError

TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^']|'')*'?)
  | (?P<qident>"(?:[^"]|"")*"?|`(?:[^`]|``)*`?)
  | (?P<param>(?<!:):[A-Za-z_][A-Za-z0-9_]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)
  | (?P<punct>::|<>|<=|>=|!=|\|\||[(),.;*+\-/%=<>|&^~!?@:\[\]])
    """,
    re.VERBOSE | re.DOTALL,
)
FORBIDDEN_WORDS = {
    "insert", "update", "delete", "drop", "alter", "create", "replace", "truncate", "grant", "revoke", "attach", "detach",
    "pragma", "into", "outfile", "dumpfile", "load", "handler", "call", "exec", "execute", "prepare", "deallocate", "set",
    "lock", "unlock", "vacuum", "copy", "listen", "notify", "merge", "explain", "analyze", "reindex", "begin", "commit",
    "rollback", "savepoint", "release", "use", "show", "kill", "shutdown", "returning", "procedure",
}  # fmt: skip
FORBIDDEN_FUNCTIONS = {
    "load_file", "current_setting", "set_config", "query_to_xml", "query_to_xml_and_xmlschema", "table_to_xml",
    "cursor_to_xml", "database_to_xml", "schema_to_xml", "dblink", "dblink_exec", "load_extension", "readfile", "writefile",
    "fts3_tokenizer", "sys_exec", "sys_eval", "xmlparse", "get_lock", "release_lock", "master_pos_wait", "nextval", "setval",
    "txid_current", "version",
}  # fmt: skip
FORBIDDEN_PREFIXES = ("pg_", "lo_", "sqlite_", "dblink", "sys_", "file_", "pragma_")
ALLOWED_PREFIXED = {"pg_sleep"}
SYSTEM_SCHEMAS = {"information_schema", "pg_catalog", "mysql", "performance_schema", "sys", "sqlite_master", "sqlite_schema",
                  "sqlite_temp_master", "sqlite_sequence"}  # fmt: skip
#: words after a table reference that start the next clause (so the table has no alias yet)
CLAUSE_WORDS = {
    "where", "group", "order", "having", "limit", "offset", "join", "inner", "left", "right", "full", "cross", "outer",
    "natural", "on", "using", "union", "except", "intersect", "window", "fetch", "for", "straight_join", "lateral", "and",
    "or", "when", "then", "else", "end", "in", "not", "is", "tablesample", "minus",
}  # fmt: skip


TABLE_NAME_RE = re.compile(r"^tab[A-Z]")


@dataclass
class Token:
    kind: str
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def ident(self) -> str | None:
        """The identifier this token names (unquoted), or None."""
        if self.kind == "word":
            return self.text
        if self.kind == "qident":
            inner = self.text[1:-1]
            return inner.replace('""', '"') if self.text[0] == '"' else inner.replace("``", "`")
        return None


def tokenize(sql: str) -> list[Token]:
    if "\\" in sql:
        raise ReportError("Report SQL may not contain a backslash; pass values as :parameters.")
    tokens: list[Token] = []
    pos = 0
    while pos < len(sql):
        match = TOKEN_RE.match(sql, pos)
        if match is None and sql[pos] in "#$":
            raise ReportError(f"Report SQL may not use '{sql[pos]}' (character {pos + 1}): it means different things on each database.")
        if match is None:
            raise ReportError(f"Report SQL: cannot read '{sql[pos : pos + 20]}' (at character {pos + 1}).")
        kind = match.lastgroup or "punct"
        text = match.group()
        if kind in ("string", "qident") and (len(text) < 2 or text[-1] != text[0]):
            raise ReportError(f"Report SQL: a quote opened at character {pos + 1} is never closed.")
        if kind == "comment" and text.startswith("/*") and not text.endswith("*/"):
            raise ReportError(f"Report SQL: a comment opened at character {pos + 1} is never closed.")
        tokens.append(Token(kind, text))
        pos = match.end()
    return tokens


def _significant(tokens: list[Token]) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.kind not in ("ws", "comment")]


def check_statement(tokens: list[Token]) -> None:
    """One SELECT/WITH statement with nothing that writes or escapes the sandbox."""
    idx = _significant(tokens)
    if not idx:
        raise ReportError("The report has no query.")
    if tokens[idx[0]].lower not in ("select", "with"):
        raise ReportError(f"A query report runs one SELECT (or WITH ... SELECT), not '{tokens[idx[0]].text.upper()}'.")
    for n, i in enumerate(idx):
        token = tokens[i]
        if token.text == ";" and n != len(idx) - 1:
            raise ReportError("A query report runs one statement; remove the ';' and what follows it.")
        if token.text == "@":
            raise ReportError("Report SQL may not use @ (server and user variables); pass values as :parameters.")
        if token.kind != "word":
            continue
        word = token.lower
        if word in FORBIDDEN_WORDS:
            raise ReportError(f"Report SQL may not use {token.text.upper()}: a query report only reads.")
        if word == "for" and n + 1 < len(idx) and tokens[idx[n + 1]].lower in ("update", "share", "no", "key"):
            raise ReportError("Report SQL may not lock rows (FOR UPDATE / FOR SHARE).")
        calls = n + 1 < len(idx) and tokens[idx[n + 1]].text == "("
        if calls and (word in FORBIDDEN_FUNCTIONS or (word.startswith(FORBIDDEN_PREFIXES) and word not in ALLOWED_PREFIXED)):
            raise ReportError(f"Report SQL may not call {token.text}(): it reaches outside the report's tables.")


def rewrite(tokens: list[Token], tables: dict[str, str], internal: set[str], quote: Callable[[str], str],
            permitted: Callable[[str], str | None]) -> tuple[str, set[str]]:  # fmt: skip
    """The SQL to send, with every doctype table replaced by `permitted(doctype)` (None: the table as it is);
    returns (sql, parameters used).

    `tables` maps lower-case table names to doctypes; `internal` holds lower-case names refused outright.
    """
    idx = _significant(tokens)
    position = {i: n for n, i in enumerate(idx)}
    out: list[str] = []
    params: set[str] = set()
    for i, token in enumerate(tokens):
        if token.kind == "comment":
            out.append(" ")
            continue
        if token.kind == "param":
            params.add(token.text[1:])
            out.append(token.text)
            continue
        if token.kind == "string":
            content = token.text[1:-1].replace("''", "'").lower()
            if content in tables or content in internal or content in SYSTEM_SCHEMAS:
                raise ReportError(f"Report SQL: {token.text} is a table name in single quotes (SQLite would read it as a table); "
                                  "quote table names with double quotes or backticks.")  # fmt: skip
            out.append(token.text.replace(":", "\\:"))
            continue
        name = token.ident
        if name is None:
            out.append(token.text)
            continue
        low = name.lower()
        n = position[i]
        prev = tokens[idx[n - 1]].text if n > 0 else ""
        nxt = tokens[idx[n + 1]] if n + 1 < len(idx) else None
        if low in internal or low in SYSTEM_SCHEMAS or (low.startswith("pg_") and not (nxt and nxt.text == "(")):
            raise ReportError(f"Report SQL may not read '{name}': only document tables (tab<DocType>) can be used.")
        if low not in tables and (low.startswith("__") or TABLE_NAME_RE.match(name)):
            raise ReportError(f"Report SQL: '{name}' is not a document table on this site.")
        if low in tables:
            if prev == ".":
                raise ReportError(f"Report SQL: write {quote(name)} without a schema or database in front of it.")
            if nxt is not None and nxt.text == ".":
                out.append(quote(name))
                continue
            subquery = permitted(tables[low])
            if subquery is None:
                out.append(quote(name))
                continue
            has_alias = nxt is not None and (nxt.kind == "qident" or (nxt.kind == "word" and nxt.lower not in CLAUSE_WORDS))
            out.append(f"({subquery})" + ("" if has_alias else f" AS {quote(name)}"))
            continue
        out.append(quote(name) if token.kind == "qident" else token.text)
    return "".join(out).strip().rstrip(";").strip(), params
