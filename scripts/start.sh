#!/usr/bin/env bash
# Install the toolkit into .venv and run the main job on the bundled sample study:
# import the 问卷星-style GBK export and screen it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/research import datasets/lsq5_wjx_gbk.csv --questionnaire lsq5 --out output/sample "$@"
