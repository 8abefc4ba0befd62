"""The tidy result of importing a survey export.

A :class:`Responses` holds one row per respondent, in file order, split by
role: item answers, segment answers, attention checks, stated-importance
answers and metadata.  Row
labels are positions 0…n−1; ``meta["row"]`` is the row number the user sees
in Excel (header rows counted), which every message and exclusion names.
The file itself is never modified; ``raw`` keeps the table exactly as read.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .questionnaire import Questionnaire

PROBLEM_COLUMNS = ["row", "column", "item", "value", "kind"]


@dataclass(frozen=True)
class Source:
    file: str
    sha256: str
    format: str            # csv | xlsx | xls | sav
    encoding: str | None   # for CSV: the detected encoding
    platform: str          # wjx | qualtrics | surveymonkey | googleforms | generic
    header_rows: int = 1
    sheet: str | None = None


@dataclass(frozen=True)
class ColumnMatch:
    column: str            # the column's name in the file
    item: str | None       # the questionnaire id it maps to, or None
    how: str               # explicit | id | text | number | metadata | ignored | unmapped | ambiguous | duplicate
    score: float = 1.0
    candidates: tuple[str, ...] = ()  # ids close to an ambiguous or unmapped column
    role: str | None = None           # for metadata: respondent | submitted | duration | ip | started | other


@dataclass(frozen=True)
class MappingReport:
    matches: tuple[ColumnMatch, ...]
    missing: tuple[str, ...] = ()     # questionnaire ids no column maps to

    @property
    def mapped(self) -> dict[str, str]:
        return {m.column: m.item for m in self.matches if m.item is not None}

    @property
    def unmapped(self) -> list[str]:
        return [m.column for m in self.matches if m.how == "unmapped"]

    @property
    def ambiguous(self) -> list[ColumnMatch]:
        return [m for m in self.matches if m.how in ("ambiguous", "duplicate")]

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(m.column, m.item, m.how, m.role, round(m.score, 3), ", ".join(m.candidates)) for m in self.matches],
            columns=["column", "item", "how", "role", "score", "candidates"],
        )


@dataclass(frozen=True)
class Responses:
    questionnaire: Questionnaire
    source: Source
    mapping: MappingReport
    items: pd.DataFrame      # numeric, reverse-keyed items recoded; NaN = missing or invalid
    answers: pd.DataFrame    # numeric, as answered (before reverse recoding)
    segments: pd.DataFrame   # segment answers as codes (single/number) or text (multi/text)
    checks: pd.DataFrame     # attention-check answers as codes
    meta: pd.DataFrame       # row, respondent, duration (s), submitted, ip
    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROBLEM_COLUMNS))
    raw: pd.DataFrame | None = None   # the table as read, one column per file column
    notes: tuple[str, ...] = ()        # things worth knowing that are not errors (English / 中文)
    # Stated-importance answers (questionnaire key ``importance``), one column per question id that a
    # column of the file maps to: numeric codes on the question's scale, NaN = missing or invalid.
    # Never reverse-keyed.  None (the default) means "none were read": an empty frame with the rows' index.
    importance: pd.DataFrame | None = None

    def __post_init__(self):
        if self.importance is None:
            object.__setattr__(self, "importance", pd.DataFrame(index=self.items.index, dtype=float))

    def __len__(self) -> int:
        return len(self.items)

    @property
    def n(self) -> int:
        return len(self.items)

    @property
    def data(self) -> pd.DataFrame:
        """One frame: metadata, segments, attention checks, items and stated importance."""
        parts = [self.meta, self.segments, self.checks, self.items]
        if len(self.importance.columns):
            parts.append(self.importance)
        return pd.concat(parts, axis=1)

    @property
    def out_of_range(self) -> pd.DataFrame:
        return self.problems[self.problems["kind"] == "out_of_range"]

    def subset(self, positions) -> "Responses":
        """The same responses restricted to the given row positions, renumbered 0…k−1."""
        from dataclasses import replace

        positions = list(positions)

        def take(df):
            return df.iloc[positions].reset_index(drop=True)

        rows = set(self.meta["row"].iloc[positions])
        return replace(self, items=take(self.items), answers=take(self.answers), segments=take(self.segments),
                       checks=take(self.checks), meta=take(self.meta), importance=take(self.importance),
                       raw=None if self.raw is None else take(self.raw),
                       problems=self.problems[self.problems["row"].isin(rows)].reset_index(drop=True))
