"""Settings, declared once: name, default and help.

A value comes from, in order: the environment (`LOWCODE_<NAME>`), the site's
`site_config.json`, the shared `common_site_config.json`, then the default here.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from lowcode.exceptions import ConfigurationError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("db_url", None, "Database URL: sqlite:///path, mariadb://user:pw@host:3306/db or postgresql://user@host:5432/db."),
        Setting("redis_url", None, "Redis URL for cache, sessions, locks and jobs; without it jobs run inline and the cache is per process."),
        Setting("secret_key", None, "Key for signing cookies, links and encrypting stored secrets; new-site generates one."),
        Setting("installed_apps", ["core"], "Apps installed on the site, in install order."),
        Setting("language", "en", "Default language of the site (en or es)."),
        Setting("time_zone", "UTC", "Time zone in which dates and times are stored and shown."),
        Setting("currency", "EUR", "Default currency of the site."),
        Setting("phone_region", "ES", "Country (ISO 3166 code) assumed for phone numbers written without a country code, when comparing them."),
        Setting("max_page_length", 500, "Largest page of rows a client may ask for."),
        Setting("max_request_size", 10 * 1024 * 1024, "Largest request body the web server accepts, in bytes."),
        Setting("max_file_size", 5 * 1024 * 1024, "Largest file a user may upload (attachments), in bytes."),
        Setting("min_password_length", 8, "Shortest password a user may set."),
        Setting("session_expiry_hours", 240, "Hours a login session lasts without activity."),
        Setting("login_attempts_before_lockout", 5, "Failed logins before the account is locked for a while."),
        Setting("lockout_minutes", 10, "Minutes an account stays locked after too many failed logins (fractions allowed, e.g. 0.05)."),
        Setting("host_name", "http://127.0.0.1:8000", "Public address of the site, used in emailed links."),
        Setting("mail_server", None, "SMTP host for outgoing mail (an Email Account record takes precedence)."),
        Setting("mail_port", 25, "SMTP port."),
        Setting("mail_login", None, "SMTP login."),
        Setting("mail_password", None, "SMTP password."),
        Setting("use_tls", 0, "Use STARTTLS with the SMTP server."),
        Setting("email_retry_limit", 3, "Attempts at delivering a queued email before it is marked Error."),
        Setting("job_log_days", 14, "Days finished Background Job records are kept (failed ones are kept until deleted)."),
        Setting("auto_email_sender", "notifications@example.com", "Sender address of system mail."),
        Setting("developer_mode", 0, "Allow editing standard doctypes and show tracebacks in errors."),
        Setting("report_timeout", 60, "Seconds a query report may run before it is stopped."),
        Setting("max_report_rows", 100_000, "Most rows a report returns or exports."),
        Setting("allow_tests", 0, "Set on sites created by the test suite."),
    )
}  # fmt: skip


def env_value(name: str) -> Any:
    raw = os.environ.get(f"LOWCODE_{name.upper()}")
    if raw is None:
        return None
    return parse_value(raw)


def parse_value(raw: str) -> Any:
    """Read a value given on the command line or in the environment: JSON if it parses, else text."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def resolve(name: str, site_config: dict[str, Any], common_config: dict[str, Any]) -> Any:
    if name not in SETTINGS:
        raise ConfigurationError(f"Unknown setting '{name}'. Known settings: {', '.join(sorted(SETTINGS))}.")
    for source in (env_value(name), site_config.get(name), common_config.get(name)):
        if source is not None:
            return source
    return SETTINGS[name].default
