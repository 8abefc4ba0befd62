"""A study's responses as a source for ``research.load_responses`` — the one way in for data.

The store writes the selected responses (exclusions left out, corrections applied) as the toolkit's own CSV
layout — ``respondent, submitted, duration`` and one column per question id in the questionnaire's order,
as ``datasets/lsq5_sample.csv`` — and load_responses reads that exactly as it reads an uploaded file, so
the store's responses become the same ``Responses`` (recoding, problems, metadata) a file would give.
"""
from __future__ import annotations

import csv
import io
import math

import pandas as pd

from ..questionnaire import load_questionnaire, loads_questionnaire
from .answers import question_ids


class StoreSource:
    """``store.source(study_id, key, waves)``: pass it to ``research.load_responses``."""

    def __init__(self, store, study_id: int, key: str, waves):
        self.store, self.study_id, self._key, self.waves = store, study_id, key, waves

    def __repr__(self) -> str:
        return f"<StoreSource study {self.study_id} waves {self.name_waves()}>"

    def name_waves(self) -> str:
        return "all" if self.waves is None else ",".join(map(str, self.waves))

    @property
    def name(self) -> str:
        return f"study-{self.study_id}-waves-{self.name_waves()}.csv"

    def questionnaire(self):
        """The questionnaire of the selected waves (the latest version among them)."""
        waves = [w for w in self.store.waves(self.study_id, self._key) if self.waves is None or w.id in self.waves]
        version = max((w.questionnaire_version for w in waves), default=None)
        _, text = self.store.questionnaire(self.study_id, version)
        return loads_questionnaire(text, f"questionnaire_v{version or 'latest'}.yaml")

    def as_file(self, questionnaire=None) -> tuple[bytes, object, str]:
        """(CSV bytes, questionnaire, file name) for load_responses."""
        q = self.questionnaire() if questionnaire is None else load_questionnaire(questionnaire)
        frame = self.store.responses(self.study_id, self._key, self.waves)
        ids = question_ids(q)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["respondent", "submitted", "duration", *ids])
        columns = [frame[c] if c in frame else pd.Series([None] * len(frame), dtype=object) for c in ids]
        for k in range(len(frame)):
            submitted = frame["submitted_at"].iat[k]
            duration = frame["duration"].iat[k]
            writer.writerow([_cell(frame["respondent"].iat[k]),
                             "" if pd.isna(submitted) else submitted.isoformat(sep=" "),
                             "" if pd.isna(duration) else repr(float(duration)),
                             *(_cell(col.iat[k]) for col in columns)])
        return buf.getvalue().encode("utf-8"), q, self.name


def _cell(value) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return str(value)
