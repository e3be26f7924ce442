"""Serve a test site with uvicorn (run in a subprocess by the e2e fixtures): the test app is registered first.

python -m tests.e2e.server <site> <port>
"""

from __future__ import annotations

import sys

import uvicorn

from lowcode.apps import register_app
from lowcode.web.app import create_app
from tests.fast_passwords import use_fast_password_hashing


def main() -> None:
    site, port = sys.argv[1], int(sys.argv[2])
    register_app("testapp", "tests.platform.testapp")
    use_fast_password_hashing()
    uvicorn.run(create_app(site), host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
