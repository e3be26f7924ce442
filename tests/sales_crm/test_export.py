"""Exporting a list: own-only roles export only their own documents; filters and columns apply."""

from __future__ import annotations

import asyncio
import csv
import io
from concurrent.futures import ThreadPoolExecutor

from openpyxl import load_workbook
from starlette.responses import StreamingResponse

from lowcode.exports.list_export import export
from tests.sales_crm.world import LEADS, World, as_user


def body(response: StreamingResponse) -> bytes:
    """The streamed file (already written in the unit of work), read on a thread of its own
    so that an event loop left running in this one (by a browser test) does not matter."""

    async def read() -> bytes:
        return b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[misc]

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, read()).result()


def csv_rows(response: StreamingResponse) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def test_export_respects_own_documents(crm: World) -> None:
    fields = '["name", "company_name", "lead_owner_user"]'
    with as_user("ana"):
        rows = csv_rows(export("Lead", fields=fields))
    assert rows[0] == ["name", "company_name", "lead_owner_user"]
    assert [r[1] for r in rows[1:]] == [LEADS["ana"][2]]
    with as_user("lucia"):  # a team leader: her own and her members' leads
        companies = sorted(r[1] for r in csv_rows(export("Lead", fields=fields))[1:])
    assert companies == sorted(LEADS[k][2] for k in ("ana", "bruno", "lucia"))
    with as_user("sofia"):
        book = load_workbook(io.BytesIO(body(export("Lead", fields=fields, file_format="Excel"))), read_only=True)
        sheet_rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(sheet_rows) == 1 + len(LEADS)


def test_export_applies_filters_and_columns(crm: World) -> None:
    with as_user("sofia"):
        rows = csv_rows(export("Lead", fields='["company_name", "city"]', filters='[["company_name", "like", "%Sol%"]]'))
    assert rows == [["company_name", "city"], [LEADS["bruno"][2], ""]]
