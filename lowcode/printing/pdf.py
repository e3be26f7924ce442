"""HTML to PDF with WeasyPrint, and several PDFs merged into one with pypdf.

Resources a page refers to are fetched by `SiteFetcher`: inline `data:` URIs and the
site's public files (`/files/...`) only. Nothing else — no other local file, no network —
is ever read while rendering, whatever the template says.

Each thread keeps one `FontConfiguration` (Pango's font map is not thread-safe), so the
system fonts are looked up once rather than per print; a page declaring `@font-face`
gets a fresh one, so its fonts do not leak into other prints. The cyclic garbage
collector is paused during a render (see `gcpause`).
"""

from __future__ import annotations

import io
import logging
import mimetypes
import threading
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from lowcode.context import local
from lowcode.printing.gcpause import gc_paused

log = logging.getLogger(__name__)
BASE_URL = "http://site.invalid/"
_per_thread = threading.local()


class SiteFetcher(URLFetcher):
    """Serves `data:` URIs and /files/... from the site's public files; refuses everything else."""

    def __init__(self, files_path: Path) -> None:
        super().__init__(allowed_protocols=("data", "http"))
        self.files_path = files_path.resolve()

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(BASE_URL + "files/"):
            relative = url[len(BASE_URL + "files/") :].split("?", maxsplit=1)[0]
            path = (self.files_path / relative).resolve()
            if path.is_relative_to(self.files_path) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        log.warning("print: refused to fetch %s", url[:200])
        raise ValueError(f"Print templates may only use the site's public files (/files/...), not {url[:100]}")


def font_config(html: str) -> FontConfiguration:
    """This thread's shared font configuration, or a fresh one when the page brings its own fonts."""
    if "@font-face" in html.lower():
        return FontConfiguration()
    if getattr(_per_thread, "fonts", None) is None:
        _per_thread.fonts = FontConfiguration()
    return _per_thread.fonts


def html_to_pdf(html: str) -> bytes:
    fetcher = SiteFetcher(local.site.files_path)
    with gc_paused():
        return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(font_config=font_config(html))


def merge_pdfs(parts: list[bytes], title: str, author: str) -> bytes:
    """One PDF of `parts` in order, with document metadata set."""
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "lowcode", "/Producer": "lowcode (WeasyPrint, pypdf)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
