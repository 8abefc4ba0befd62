#!/usr/bin/env bash
# Install the toolkit into .venv and start the web app on the bundled sample study
# (http://localhost:8501; the first page shows the analysed 问卷星-style sample).
set -euo pipefail
cd "$(dirname "$0")/.."
# a CJK font for Chinese text in figures (Debian package; see the script)
bash scripts/system-deps.sh fonts-noto-cjk || echo "scripts/start.sh: Chinese text in figures may show as boxes" >&2
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/python -m streamlit run app.py "$@"
