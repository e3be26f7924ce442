#!/usr/bin/env bash
# Installs the Debian packages the project needs (skips what is already there).
#   chromium            headless browser for the end-to-end tests (driven by Playwright)
#   fonts-dejavu-core   fonts for PDFs and screenshots
#   libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b  text layout for WeasyPrint (PDF)
#   poppler-utils       pdftoppm, to render a PDF page to PNG in tests
#   libmariadb-dev pkg-config gcc  build the mysqlclient MariaDB driver (C, much faster than PyMySQL)
#   nodejs npm          npm installs the desk's JavaScript and CSS libraries (package-lock.json)
set -euo pipefail
PACKAGES=(chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b poppler-utils libmariadb-dev pkg-config gcc)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "Run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
