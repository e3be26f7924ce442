"""Sites on disk: `sites/<name>/site_config.json`, its files and backups folders."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from lowcode import config
from lowcode.exceptions import ConfigurationError, SiteNotFoundError

SITE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")
DEFAULT_SITE_FILE = "currentsite.txt"


def sites_path() -> Path:
    return Path(os.environ.get("LOWCODE_SITES_PATH") or "sites").resolve()


def _read_json(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ConfigurationError(f"{path} is not valid JSON ({exc}). Fix or restore the file.") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path} must hold a JSON object.")
    return data


def write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


class Site:
    """One site: a database, a files folder and a configuration."""

    def __init__(self, name: str, root: Path | None = None) -> None:
        self.name = name
        self.root = root or sites_path()
        self.path = self.root / name
        #: the key of this site's caches in the process
        self.cache_key = str(self.path)
        self.config: dict[str, Any] = {}
        self.common_config: dict[str, Any] = {}
        self.reload_config()

    def __repr__(self) -> str:
        return f"<Site {self.name}>"

    @classmethod
    def load(cls, name: str, root: Path | None = None) -> Site:
        site = cls(name, root)
        if not site.config_path.exists():
            raise SiteNotFoundError(f"Site '{name}' not found in {site.root}. Create it with: lowcode new-site {name}")
        return site

    @property
    def config_path(self) -> Path:
        return self.path / "site_config.json"

    @property
    def files_path(self) -> Path:
        return self.path / "files"

    @property
    def private_files_path(self) -> Path:
        return self.path / "private" / "files"

    @property
    def backups_path(self) -> Path:
        return self.path / "backups"

    def reload_config(self) -> None:
        self.config = _read_json(self.config_path)
        self.common_config = _read_json(self.root / "common_site_config.json")

    def get(self, key: str) -> Any:
        return config.resolve(key, self.config, self.common_config)

    def set_config(self, key: str, value: Any) -> None:
        if key not in config.SETTINGS:
            raise ConfigurationError(f"Unknown setting '{key}'. Known settings: {', '.join(sorted(config.SETTINGS))}.")
        self.config[key] = value
        write_json(self.config_path, self.config)

    @property
    def db_url(self) -> str:
        url = self.get("db_url")
        if not url:
            raise ConfigurationError(f"Site '{self.name}' has no db_url in {self.config_path}.")
        return str(url)

    @property
    def installed_apps(self) -> list[str]:
        return list(self.get("installed_apps"))

    @property
    def redis_url(self) -> str | None:
        return self.get("redis_url") or None


def validate_site_name(name: str) -> None:
    if not SITE_NAME_RE.match(name):
        raise ConfigurationError(f"'{name}' is not a valid site name: use letters, digits, dots, - and _ (for example acme.local).")


def list_sites(root: Path | None = None) -> list[str]:
    base = root or sites_path()
    if not base.exists():
        return []
    return sorted(p.name for p in base.iterdir() if (p / "site_config.json").exists())


def get_default_site(root: Path | None = None) -> str | None:
    env = os.environ.get("LOWCODE_SITE")
    if env:
        return env
    marker = (root or sites_path()) / DEFAULT_SITE_FILE
    if marker.exists():
        return marker.read_text(encoding="utf-8").strip() or None
    sites = list_sites(root)
    return sites[0] if len(sites) == 1 else None


def set_default_site(name: str, root: Path | None = None) -> None:
    base = root or sites_path()
    base.mkdir(parents=True, exist_ok=True)
    (base / DEFAULT_SITE_FILE).write_text(name + "\n", encoding="utf-8")
