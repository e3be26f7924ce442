"""Query report SQL: only one read-only SELECT, no platform tables, a time limit."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.context import acting_as
from lowcode.exceptions import QueryTimeoutError, ReportError, ValidationError
from lowcode.reports.engine import prepare_sql, run
from lowcode.reports.runner import run_select
from tests.platform.engines_world import CLERK, make_order_set, make_world

REFUSED = [
    ("DELETE FROM `tabTest Order`", "not 'DELETE'"),
    ("UPDATE `tabTest Order` SET total = 0", "not 'UPDATE'"),
    ("SELECT 1; DELETE FROM `tabTest Order`", "one statement"),
    ("SELECT 1;;", "one statement"),
    ("WITH x AS (SELECT 1) DELETE FROM `tabTest Order`", "may not use DELETE"),
    ("SELECT name INTO OUTFILE '/tmp/x' FROM `tabTest Order`", "may not use INTO"),
    ("SELECT name FROM `tabTest Order` FOR UPDATE", "may not lock rows"),
    ("SELECT * FROM __Auth", "may not read '__Auth'"),
    ('SELECT value FROM "tabSingles"', "may not read 'tabSingles'"),
    ("SELECT * FROM `__sessions`", "may not read '__sessions'"),
    ("SELECT table_name FROM information_schema.tables", "may not read 'information_schema'"),
    ("SELECT * FROM sqlite_master", "may not read 'sqlite_master'"),
    ("SELECT * FROM pg_catalog.pg_tables", "may not read 'pg_catalog'"),
    ('SELECT name FROM main."tabTest Order"', "without a schema"),
    ("SELECT pg_read_file('/etc/passwd')", "may not call pg_read_file"),
    ("SELECT LOAD_FILE('/etc/passwd')", "may not call LOAD_FILE"),
    ("SELECT query_to_xml('select * from \"__Auth\"', true, true, '')", "may not call query_to_xml"),
    ("SELECT current_setting('data_directory')", "may not call current_setting"),
    ("SELECT 'a\\' FROM x", "backslash"),
    ("SELECT 1 # comment", "may not use '#'"),
    ("SELECT $$x$$", r"may not use '\$'"),
    ("PRAGMA table_info('tabTest Order')", "not 'PRAGMA'"),
    ("SELECT * FROM pragma_table_info('tabTest Order')", "may not call pragma_table_info"),
    ("SELECT 'unclosed", "never closed"),
    ("SELECT * FROM tabNope", "'tabNope' is not a document table"),
    ("SELECT * FROM __jobs", "'__jobs' is not a document table"),
    ("SELECT * FROM '__Auth'", "table name in single quotes"),
    ("SELECT @@datadir", "may not use @"),
    ("SELECT * FROM 'tabTest Order'", "table name in single quotes"),
]


@pytest.fixture
def orders(ctx):
    make_world()
    return make_order_set()


def test_refused_queries(ctx):
    for query, message in REFUSED:
        with pytest.raises(ReportError, match=message):
            prepare_sql(query, "Administrator")


def test_refused_when_saved_too(ctx):
    with pytest.raises(ValidationError, match="one statement"):
        lowcode.new_doc("Report", report_name="Bad", ref_doctype="Test Order", query="SELECT 1; DROP TABLE x").insert()


def test_comments_are_not_sent_and_identifiers_are_requoted(ctx):
    sql, _params, used = prepare_sql("SELECT `name` AS n -- :nope\nFROM `tabTest Customer` c WHERE c.name = :who /* :nor */", CLERK)
    assert "--" not in sql and "/*" not in sql
    assert used == {"who"}
    assert "SELECT" in sql and ":who" in sql
    executable, _params, _used = prepare_sql("SELECT 1 /*! , (SELECT password FROM __Auth) */", CLERK)
    assert "__Auth" not in executable


def test_colons_in_text_are_text(orders):
    lowcode.new_doc("Report", report_name="Colons", ref_doctype="Test Order", query="SELECT 'at 10:30 :not_a_param' AS t").insert()
    lowcode.db.commit()
    assert run("Colons").rows == [{"t": "at 10:30 :not_a_param"}]


def test_undeclared_parameters_are_refused(orders):
    lowcode.new_doc(
        "Report", report_name="Params", ref_doctype="Test Order", query="SELECT name FROM `tabTest Order` WHERE customer = :customer"
    ).insert()
    lowcode.db.commit()
    with pytest.raises(ReportError, match=r":customer, which is not a declared filter"):
        run("Params")


def test_parameters_are_bound_never_formatted(orders):
    query = "SELECT COUNT(*) AS n FROM `tabTest Order` WHERE customer = :customer"
    report = lowcode.new_doc("Report", report_name="Bound", ref_doctype="Test Order", query=query,
                             filters=[{"fieldname": "customer", "label": "Customer"}]).insert()  # fmt: skip
    lowcode.db.commit()
    assert run("Bound", {"customer": "Acme"}).rows == [{"n": 2}]
    assert run("Bound", {"customer": "Acme' OR '1'='1"}).rows == [{"n": 0}]
    assert report.name == "Bound"


def test_the_transaction_is_read_only_even_if_a_write_got_through(orders):
    table = lowcode.local.db.engine.dialect.identifier_preparer.quote_identifier("tabTest Order")
    with pytest.raises(ReportError, match="failed"):
        run_select(f"DELETE FROM {table}", {}, timeout=5, max_rows=10)
    assert lowcode.get_count("Test Order") == 4


def test_a_slow_query_hits_the_time_limit(orders):
    slow = "SELECT COUNT(*) AS n FROM " + ", ".join(f'"tabTest Order Item" t{i}' for i in range(14))  # 5**14 rows
    lowcode.new_doc("Report", report_name="Slow", ref_doctype="Test Order", query=slow).insert()
    lowcode.db.commit()
    lowcode.local.site.config["report_timeout"] = 0.5
    try:
        with acting_as(CLERK), pytest.raises(QueryTimeoutError, match=r"longer than 0\.5 seconds and was stopped"):
            run("Slow")
        assert run("Test Orders by Status").rows[0]["status"] == "Closed"
    finally:
        lowcode.local.site.config.pop("report_timeout")


def test_row_limit_says_so(orders):
    lowcode.new_doc("Report", report_name="All", ref_doctype="Test Order", query="SELECT name FROM `tabTest Order` ORDER BY name").insert()
    lowcode.db.commit()
    lowcode.local.site.config["max_report_rows"] = 3
    try:
        result = run("All")
    finally:
        lowcode.local.site.config.pop("max_report_rows")
    assert len(result.rows) == 3 and "first 3 rows" in result.message
