"""The `lowcode` command with the platform test app registered (tests run it in subprocesses).

python -m tests.platform.cli_runner --site S worker --burst
"""

from __future__ import annotations

from lowcode.apps import register_app
from lowcode.cli import main
from tests.fast_passwords import use_fast_password_hashing

if __name__ == "__main__":
    register_app("testapp", "tests.platform.testapp")
    use_fast_password_hashing()
    main()
