#!/bin/sh
# Install the Debian packages the tests use beyond Python:
#   chromium          the headless screenshot test of the HTML report, and the workspace's
#                     browser tests (tests/workspace_live)
#   chromium-driver   /usr/bin/chromedriver, through which Selenium drives that chromium
#   poppler-utils     pdfinfo/pdftotext, with which tests/test_print.py reads the printed PDFs
#   postgresql        the server the workspace tests start a throwaway cluster of
#                     (initdb/pg_ctl from /usr/lib/postgresql/*/bin; the service is not used)
# Idempotent: installs only what is missing. Never fails the build: without a package
# (no root, no apt, no network) the tests that need it skip with a printed reason.
set -u

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"

if [ -z "$missing" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: apt-get not found; tests needing$missing will be skipped" >&2
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "install-test-deps: not root and no sudo; tests needing$missing will be skipped" >&2
        exit 0
    fi
fi

export DEBIAN_FRONTEND=noninteractive
# The postgresql package's postinst creates and starts a system cluster where it can; the
# tests never use it, they start their own in a temporary directory.
if ! $SUDO apt-get update; then
    echo "install-test-deps: apt-get update failed; trying the package lists already there" >&2
fi
for package in $missing; do
    if ! $SUDO apt-get install -y "$package"; then
        echo "install-test-deps: installing $package failed; the tests needing it will be skipped" >&2
    fi
done
exit 0
