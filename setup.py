"""Packages: `lowcode` from ./lowcode and each app under ./apps as its own top-level package."""

from pathlib import Path

from setuptools import find_namespace_packages, setup

APPS = sorted(p.name for p in Path("apps").iterdir() if (p / "hooks.py").exists()) if Path("apps").exists() else []
packages = find_namespace_packages(include=["lowcode", "lowcode.*"])
package_dir = {}
for app in APPS:
    packages += [app] + [f"{app}.{sub}" for sub in find_namespace_packages(where=f"apps/{app}")]
    package_dir[app] = f"apps/{app}"

setup(
    packages=packages,
    package_dir=package_dir,
    package_data={"": ["*.json", "*.html", "*.sql", "*.css", "*.js", "*.po", "*.mo", "*.csv", "*.xlsx", "*.jinja"]},
    include_package_data=True,
)
