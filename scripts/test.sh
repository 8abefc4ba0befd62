#!/usr/bin/env bash
# Install everything the test suite needs into .venv, then run it.
# Used by the README and by .ci/run. The tests read R's reference values from ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
# chromium for the browser test, a CJK font for Chinese figures (Debian packages; see the script)
bash scripts/system-deps.sh chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils || echo "scripts/test.sh: continuing without them" >&2
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# a throw-away PostgreSQL server for the study store's tests (scripts/postgres.sh), stopped on exit; without
# it here the tests start their own (tests/conftest.py)
# (Debian's package would also create and start a system cluster on port 5432 that nothing here uses: as root,
# tell postgresql-common not to create it before the package is installed)
if [ "$(id -u)" = 0 ] && ! dpkg -s postgresql >/dev/null 2>&1; then
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/research-no-main-cluster.conf
fi
bash scripts/system-deps.sh postgresql || echo "scripts/test.sh: continuing without postgresql" >&2
if [ -z "${RESEARCH_TEST_POSTGRES_URL:-}" ]; then
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/research-pg.XXXXXX")"
  trap 'bash scripts/postgres.sh stop "$PG_DIR"' EXIT
  RESEARCH_TEST_POSTGRES_URL="$(PYTHON=.venv/bin/python bash scripts/postgres.sh start "$PG_DIR")" \
    && export RESEARCH_TEST_POSTGRES_URL || echo "scripts/test.sh: PostgreSQL did not start here" >&2
fi
.venv/bin/python -m pytest "$@"
