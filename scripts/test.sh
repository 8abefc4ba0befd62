#!/usr/bin/env bash
# Install everything the test suite needs into .venv, then run it.
# Used by the README and by .ci/run. The tests read R's reference values from ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
# chromium for the browser test, a CJK font for Chinese figures (Debian packages; see the script)
bash scripts/system-deps.sh chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils || echo "scripts/test.sh: continuing without them" >&2
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
exec .venv/bin/python -m pytest "$@"
