"""Screening: every rule on hand-computed cases, the policy, the result object."""
from __future__ import annotations

import copy
from dataclasses import replace
import json
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from research.errors import OptionError
from research.questionnaire import load_questionnaire
from research.responses import PROBLEM_COLUMNS, MappingReport, Responses, Source
from research.messages import note_texts
from research.screening import REASON_LABELS, REASONS, Screening, ScreeningPolicy, details_text, reason_text, screen

# Three constructs (4 + 3 + 3 = 10 items, so 2 missing = exactly 20%), REL3 reverse-keyed,
# one attention check ("please choose 'disagree'", code 2) and a segment.
STUDY = {
    "scale": 5,
    "constructs": {
        "ECO": ["ECO1", "ECO2", "ECO3", "ECO4"],
        "REL": ["REL1", "REL2", {"id": "REL3", "reverse": True}],
        "SAT": ["SAT1", "SAT2", "SAT3"],
    },
    "segments": [{"id": "GENDER", "options": ["male", "female"]}],
    "attention_checks": [{"id": "ATTN1", "expected": 2, "after": "ECO4", "text": "Please choose 'disagree' here"}],
}
Q = load_questionnaire(STUDY)
ITEMS = list(Q.item_ids)
VARIED = [1, 2, 3, 4, 5, 4, 3, 2, 1, 2]   # a careful respondent's answers
OTHER = [2, 3, 4, 5, 4, 3, 2, 1, 2, 3]


def make_responses(answers, *, durations=None, checks="ok", gender=None, respondents=None, ips=None,
                   problems=None, header_rows=1) -> Responses:
    """A Responses built by hand: ``answers`` are the raw answers (before reverse keying), one list per row."""
    n = len(answers)
    raw = pd.DataFrame(answers, columns=ITEMS, dtype=float)
    items = raw.copy()
    for item in Q.items:
        if item.reverse:
            items[item.id] = item.scale.points + 1 - items[item.id]
    if checks == "ok":
        checks = [2] * n
    check_frame = pd.DataFrame({"ATTN1": checks}, dtype=float) if checks is not None \
        else pd.DataFrame(index=pd.RangeIndex(n))
    segments = pd.DataFrame({"GENDER": pd.array(gender if gender is not None else [1] * n, dtype="Int64")})
    meta = pd.DataFrame({
        "row": [header_rows + 1 + k for k in range(n)],
        "respondent": respondents if respondents is not None else [f"R{k + 1}" for k in range(n)],
        "duration": durations if durations is not None else [300.0] * n,
        "ip": ips if ips is not None else [f"10.0.0.{k + 1}" for k in range(n)],
    })
    meta["duration"] = meta["duration"].astype(float)
    problems = pd.DataFrame(problems or [], columns=PROBLEM_COLUMNS)
    source = Source(file="test.csv", sha256="0" * 64, format="csv", encoding="utf-8", platform="generic")
    return Responses(questionnaire=Q, source=source, mapping=MappingReport(matches=()), items=items,
                     answers=raw, segments=segments, checks=check_frame, meta=meta, problems=problems)


def excluded_rows(s: Screening) -> dict[int, list[str]]:
    return {int(r): list(reasons) for r, reasons in zip(s.excluded["row"], s.excluded["reasons"])}


def test_many_shared_ips_give_a_count_and_the_first_ten():
    """A large sample shares IPs by the thousand: one note with the count, then the first ten, not one note each."""
    rng = np.random.default_rng(3)
    answers = [list(rng.integers(1, 6, size=len(ITEMS))) for _ in range(30)]
    ips = [f"10.1.0.{k // 2}" if k < 24 else f"10.2.0.{k}" for k in range(30)]   # 12 IPs on two rows each
    s = screen(make_responses(answers, ips=ips))
    ip_notes = [note for note in s.notes if "IP" in note]
    assert ip_notes[0].startswith("12 IP addresses appear on more than one row (24 rows in all; not excluded")
    assert "12 个 IP 地址出现在多行（共 24 行" in ip_notes[0]
    assert len(ip_notes) == 1 + 10
    assert ip_notes[1].startswith("IP address 10.1.0.0 appears on rows 2, 3 ")
    assert ip_notes[10].startswith("IP address 10.1.0.9 appears on rows 20, 21 ")
    assert s.n_excluded == 0


# --------------------------------------------------------------------------
# clean data, result shape
# --------------------------------------------------------------------------

def test_clean_data_keeps_everyone():
    r = make_responses([VARIED, OTHER, VARIED[::-1]])
    s = screen(r)
    assert s.n == 3 and s.n_kept == 3 and s.n_excluded == 0
    assert list(s.excluded.columns) == ["row", "respondent", "reasons", "details", "details_zh",
                                         "details_zh_hant"]
    assert list(s.flags.columns) == ["row", "respondent", "n_missing", "missing_share", "straight_grid",
                                     "straight_blocks", "duration", "speeder", "attention_failed",
                                     "duplicate_of", "out_of_range", "excluded"]
    assert s.flags["row"].tolist() == [2, 3, 4]
    assert not s.flags["excluded"].any()
    assert s.notes == []
    assert s.table() is s.excluded
    assert "No response was excluded." in s.summary()


# --------------------------------------------------------------------------
# missing answers
# --------------------------------------------------------------------------

def test_missing_share_equal_to_threshold_is_kept_above_is_excluded():
    two = VARIED[:8] + [np.nan, np.nan]              # 2/10 = 0.2, not more than 0.2
    three = [np.nan] + VARIED[1:8] + [np.nan, np.nan]  # 3/10 = 0.3
    r = make_responses([VARIED, two, three])
    s = screen(r)
    assert s.flags["n_missing"].tolist() == [0, 2, 3]
    assert s.flags["missing_share"].tolist() == pytest.approx([0.0, 0.2, 0.3])
    assert excluded_rows(s) == {4: ["missing"]}
    assert s.excluded["details"].iloc[0] == "3 of 10 items missing (30% > 20%)"
    assert s.excluded["details_zh"].iloc[0] == "10 个题目中缺失 3 个（30% > 20%）"
    # an override raises the threshold
    assert screen(r, max_missing_share=0.3).n_excluded == 0
    # 0 keeps complete cases only
    assert set(excluded_rows(screen(r, max_missing_share=0))) == {3, 4}


def test_missing_by_item_and_by_respondent():
    r = make_responses([VARIED, [np.nan] + VARIED[1:], [np.nan, np.nan] + VARIED[2:], OTHER])
    s = screen(r)
    by_item = s.missing_by_item.set_index("item")
    assert list(s.missing_by_item.columns) == ["item", "n_missing", "share"]
    assert by_item.loc["ECO1", "n_missing"] == 2 and by_item.loc["ECO1", "share"] == pytest.approx(0.5)
    assert by_item.loc["ECO2", "n_missing"] == 1 and by_item.loc["SAT3", "n_missing"] == 0
    assert s.missing_by_respondent["n_missing"].tolist() == [0, 1, 2, 0]
    assert s.missing_by_respondent["row"].tolist() == [2, 3, 4, 5]


# --------------------------------------------------------------------------
# straight-lining
# --------------------------------------------------------------------------

def test_straightliner_in_raw_answers_is_detected_despite_reverse_item():
    r = make_responses([VARIED, [4] * 10])
    # after reverse keying the row is not constant: REL3 = 6 - 4 = 2
    assert r.items.iloc[1].nunique() == 2
    s = screen(r)
    assert s.flags["straight_grid"].tolist() == [False, True]
    assert s.flags["straight_blocks"].tolist() == [0, 3]
    assert excluded_rows(s) == {3: ["straightlining"]}
    assert s.excluded["details"].iloc[0] == "same answer (4) to all 10 answered items"


def test_recoded_constant_but_raw_varied_is_not_a_straightliner():
    # REL3 answered 2 so that the recoded items are all 4: a careful respondent, not a straight-liner
    row = [4] * 10
    row[ITEMS.index("REL3")] = 2
    r = make_responses([row])
    assert r.items.iloc[0].nunique() == 1
    s = screen(r)
    assert not s.flags["straight_grid"].iloc[0]
    assert s.flags["straight_blocks"].iloc[0] == 2   # ECO and SAT, not REL
    assert s.n_excluded == 0


def test_one_straight_block_is_reported_but_not_excluded_under_grid():
    row = [3, 3, 3, 3] + VARIED[4:]                  # ECO all 3, REL and SAT varied
    r = make_responses([VARIED, row])
    s = screen(r)
    assert s.flags["straight_blocks"].tolist() == [0, 1]
    assert s.flags["straight_grid"].tolist() == [False, False]
    assert s.n_excluded == 0
    # "block" with the default share (all blocks) keeps it; a share of 1/3 excludes it
    assert screen(r, straightlining="block").n_excluded == 0
    s = screen(r, straightlining="block", max_straight_blocks_share=1 / 3)
    assert excluded_rows(s) == {3: ["straightlining"]}
    assert s.excluded["details"].iloc[0] == "identical answers within 1 of 3 construct blocks (ECO)"


def test_block_policy_excludes_every_block_straight_lined_with_different_answers():
    row = [2, 2, 2, 2, 4, 4, 4, 5, 5, 5]             # each block constant, the grid is not
    r = make_responses([VARIED, row])
    grid = screen(r)
    assert grid.flags["straight_blocks"].tolist() == [0, 3]
    assert not grid.flags["straight_grid"].any() and grid.n_excluded == 0
    block = screen(r, straightlining="block")
    assert excluded_rows(block) == {3: ["straightlining"]}
    assert "3 of 3 construct blocks (ECO, REL, SAT)" in block.excluded["details"].iloc[0]
    # the grid straight-liner is excluded under "block" too
    assert excluded_rows(screen(make_responses([VARIED, [1] * 10]), straightlining="block")) == {3: ["straightlining"]}


def test_grid_needs_five_answered_items_and_blocks_three():
    four = [5, 5, 5, 5] + [np.nan] * 6               # 4 answered, all the same
    two_in_block = [5, 5, np.nan, np.nan] + VARIED[4:]
    r = make_responses([four, two_in_block])
    s = screen(r, max_missing_share=1)
    assert s.flags["straight_grid"].tolist() == [False, False]
    assert s.flags["straight_blocks"].tolist() == [1, 0]  # ECO has 4 answered in row 1, only 2 in row 2
    assert s.n_excluded == 0


def test_straightlining_off_still_reports():
    r = make_responses([VARIED, [4] * 10])
    s = screen(r, straightlining="off")
    assert s.n_excluded == 0
    assert s.flags["straight_grid"].tolist() == [False, True]
    assert s.flags["straight_blocks"].tolist() == [0, 3]


# --------------------------------------------------------------------------
# speeders
# --------------------------------------------------------------------------

SPEED_ROWS = [VARIED, OTHER, VARIED[::-1], OTHER[::-1], [1, 2, 3, 4, 5, 1, 2, 3, 4, 5],
              [5, 4, 3, 2, 1, 5, 4, 3, 2, 1], [2, 4, 1, 3, 5, 2, 4, 1, 3, 5], [3, 1, 4, 1, 5, 2, 2, 3, 1, 4]]


def test_speeder_strictly_below_fraction_of_median():
    # non-missing durations: 119 120 360 360 400 500 600 → median 360, 1/3 of it 120
    durations = [119, 120, 360, 360, 400, 500, 600, np.nan]
    r = make_responses(SPEED_ROWS, durations=durations)
    s = screen(r)
    assert s.flags["speeder"].tolist() == [True] + [False] * 7   # 120 is not < 120, NaN is never a speeder
    assert excluded_rows(s) == {2: ["speeder"]}
    assert s.excluded["details"].iloc[0] == "duration 119 s < 120 s (1/3 of median 360 s)"
    assert s.excluded["details_zh"].iloc[0] == "作答时长 119 秒 < 120 秒（中位数 360 秒的 1/3）"
    assert np.isnan(s.flags["duration"].iloc[7])


def test_speeder_fraction_override_and_absolute_seconds():
    durations = [119, 120, 360, 360, 400, 500, 600, np.nan]
    r = make_responses(SPEED_ROWS, durations=durations)
    s = screen(r, speeder_fraction=0.5)              # < 180
    assert sorted(excluded_rows(s)) == [2, 3]
    assert "(1/2 of median 360 s)" in s.excluded["details"].iloc[0]
    s = screen(r, speeder_seconds=360)              # absolute threshold wins over the fraction
    assert sorted(excluded_rows(s)) == [2, 3]
    assert s.excluded["details"].iloc[1] == "duration 120 s < 360 s (fixed threshold)"
    assert screen(r, speeder_fraction=None).flags["speeder"].sum() == 0


def test_no_durations_skips_speeder_check_with_a_note():
    r = make_responses([VARIED, OTHER], durations=[np.nan, np.nan])
    s = screen(r)
    assert not s.flags["speeder"].any()
    assert any("speeder check skipped" in note for note in s.notes)


# --------------------------------------------------------------------------
# attention checks
# --------------------------------------------------------------------------

def test_attention_check_wrong_or_missing_answer_fails():
    r = make_responses([VARIED, OTHER, VARIED[::-1]], checks=[2, 4, np.nan])
    s = screen(r)
    assert s.flags["attention_failed"].tolist() == [False, True, True]
    assert excluded_rows(s) == {3: ["attention"], 4: ["attention"]}
    assert s.excluded["details"].tolist() == ["ATTN1 = 4, expected 2", "ATTN1 not answered, expected 2"]
    assert s.excluded["details_zh"].tolist() == ["ATTN1 = 4，应为 2", "ATTN1 未作答，应为 2"]
    # off: nobody excluded, failures still reported
    off = screen(r, attention=False)
    assert off.n_excluded == 0
    assert off.flags["attention_failed"].tolist() == [False, True, True]


def test_attention_check_column_absent_is_skipped_with_a_note():
    r = make_responses([VARIED, OTHER], checks=None)
    s = screen(r)
    assert s.n_excluded == 0
    assert s.flags["attention_failed"].isna().all()
    assert any("ATTN1" in note and "skipped" in note for note in s.notes)


# --------------------------------------------------------------------------
# duplicates, shared ids and IPs
# --------------------------------------------------------------------------

def test_duplicates_keep_the_first():
    # row 4 comes from the same IP as row 2: a resubmission, whatever the grid's length
    r = make_responses([VARIED, OTHER, VARIED, VARIED], gender=[1, 1, 1, 2],
                       ips=["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.4"])
    s = screen(r)
    # row 4 repeats row 2; row 5 differs in the segment answer
    assert s.flags["duplicate_of"].tolist() == [pd.NA, pd.NA, 2, pd.NA]
    assert excluded_rows(s) == {4: ["duplicate"]}
    assert s.excluded["details"].iloc[0] == "same answers as row 2"
    assert s.kept.meta["row"].tolist() == [2, 3, 5]
    # off: reported, not excluded
    off = screen(r, duplicates=False)
    assert off.n_excluded == 0 and off.flags["duplicate_of"].iloc[2] == 2


def test_identical_answers_on_a_short_grid_from_different_sources_are_only_noted():
    # 10 items, different ids and IPs: the same pattern can occur by chance
    r = make_responses([VARIED, OTHER, VARIED])
    s = screen(r)
    assert s.flags["duplicate_of"].tolist() == [pd.NA, pd.NA, 2]
    assert s.n_excluded == 0
    assert any("Rows 4 repeat an earlier row's answers" in n and "fewer than 15 items" in n for n in s.notes)


def test_attention_answer_is_part_of_the_duplicate_key_and_all_missing_rows_are_not_duplicates():
    empty = [np.nan] * 10
    r = make_responses([VARIED, VARIED, empty, empty], checks=[2, 3, np.nan, np.nan], gender=[1, 1, None, None])
    s = screen(r, attention=False)
    assert s.flags["duplicate_of"].isna().all()
    assert excluded_rows(s) == {4: ["missing"], 5: ["missing"]}


def test_shared_respondent_ids_and_ips_are_noted_not_excluded():
    r = make_responses([VARIED, OTHER, VARIED[::-1]], respondents=["A", "B", "A"],
                       ips=["1.2.3.4", "1.2.3.4", "5.6.7.8"])
    s = screen(r)
    assert s.n_excluded == 0
    assert any("Respondent id A appears on rows 2, 4" in note for note in s.notes)
    assert any("IP address 1.2.3.4 appears on rows 2, 3" in note for note in s.notes)
    assert len(s.notes) == 2
    # ids and IPs are compared as trimmed text; blanks are never shared
    r = make_responses([VARIED, OTHER, VARIED[::-1], OTHER[::-1]], respondents=["A", " A ", "", " "],
                       ips=[None, "9.9.9.9", None, "9.9.9.9 "])
    assert sorted(screen(r).notes) == ["IP address 9.9.9.9 appears on rows 3, 5 (not excluded: students often share "
                                       "a campus network) / IP 地址 9.9.9.9 出现在第 3、5 行（未剔除：学生常共用校园网）",
                                       "Respondent id A appears on rows 2, 3 (check the export) / 答卷编号 A 出现在第 "
                                       "2、3 行（请检查导出文件）"]


# --------------------------------------------------------------------------
# out-of-range values
# --------------------------------------------------------------------------

def test_out_of_range_exclude_or_keep_as_missing():
    bad = VARIED.copy()
    bad[0] = np.nan                                   # the loader set the 9 to missing and listed it
    problems = [{"row": 3, "column": "1、物流费用合理", "item": "ECO1", "value": "9", "kind": "out_of_range"},
                {"row": 4, "column": "2、退货运费", "item": "ECO2", "value": "abc", "kind": "unrecognised"}]
    r = make_responses([VARIED, bad, OTHER], problems=problems)
    s = screen(r)
    assert s.flags["out_of_range"].tolist() == [0, 1, 0]
    assert excluded_rows(s) == {3: ["out_of_range"]}
    assert s.excluded["details"].iloc[0] == "1 answer(s) outside the scale: ECO1 = 9"
    kept = screen(r, out_of_range="missing")
    assert kept.n_excluded == 0 and kept.flags["out_of_range"].tolist() == [0, 1, 0]
    assert len(kept.kept.problems) == 2                # problems follow their rows into kept
    assert s.kept.problems["row"].tolist() == [4]


# --------------------------------------------------------------------------
# several reasons, the input untouched, the policy
# --------------------------------------------------------------------------

def several_reasons_responses():
    rows = SPEED_ROWS[:6] + [[4] * 10]
    # the last row straight-lines, speeds and fails the attention check
    return make_responses(rows, durations=[300, 330, 330, 330, 340, 350, 30], checks=[2, 2, 2, 2, 2, 2, 5])


def test_excluded_row_lists_all_its_reasons():
    s = screen(several_reasons_responses())
    assert excluded_rows(s) == {8: ["straightlining", "speeder", "attention"]}
    details = s.excluded["details"].iloc[0]
    assert details == ("same answer (4) to all 10 answered items; duration 30 s < 110 s (1/3 of median 330 s); "
                       "ATTN1 = 5, expected 2")
    assert s.excluded["details_zh"].iloc[0].count("；") == 2
    assert s.flags["excluded"].tolist() == [False] * 6 + [True]


def test_input_is_not_modified():
    r = several_reasons_responses()
    before = {name: copy.deepcopy(getattr(r, name)) for name in ("items", "answers", "segments", "checks", "meta",
                                                                  "problems")}
    s = screen(r, straightlining="block", speeder_seconds=100)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(r, name), frame)
    assert s.kept is not r and len(r) == 7


def test_policy_object_and_overrides():
    policy = ScreeningPolicy(speeder_fraction=0.5, attention=False)
    r = several_reasons_responses()
    s = screen(r, policy, straightlining="off")
    assert s.policy == ScreeningPolicy(speeder_fraction=0.5, attention=False, straightlining="off")
    assert excluded_rows(s) == {8: ["speeder"]}
    assert policy.straightlining == "grid"             # the given policy is left as it was


@pytest.mark.parametrize("kwargs, option", [
    ({"max_missing_share": 1.5}, "max_missing_share"),
    ({"max_missing_share": -0.1}, "max_missing_share"),
    ({"max_missing_share": float("nan")}, "max_missing_share"),
    ({"speeder_fraction": 0}, "speeder_fraction"),
    ({"speeder_fraction": 2}, "speeder_fraction"),
    ({"speeder_fraction": True}, "speeder_fraction"),
    ({"max_straight_blocks_share": 0}, "max_straight_blocks_share"),
    ({"speeder_seconds": -5}, "speeder_seconds"),
    ({"speeder_seconds": "60"}, "speeder_seconds"),
    ({"straightlining": "grd"}, "straightlining"),
    ({"out_of_range": "drop"}, "out_of_range"),
    ({"attention": "yes"}, "attention"),
    ({"duplicates": 1}, "duplicates"),
])
def test_invalid_policy_raises_option_error(kwargs, option):
    with pytest.raises(OptionError) as info:
        ScreeningPolicy(**kwargs)
    err = info.value
    assert err.key == "option_invalid" and err.params["option"] == option
    for lang in ("en", "zh-Hans", "zh-Hant"):
        assert option in err.message(lang)
    with pytest.raises(OptionError):
        screen(make_responses([VARIED]), **kwargs)


def test_unknown_override_and_wrong_arguments_raise_option_error():
    r = make_responses([VARIED])
    with pytest.raises(OptionError) as info:
        screen(r, speeder=0.5)
    assert info.value.params["option"] == "speeder"
    with pytest.raises(OptionError):
        screen(r.items)
    with pytest.raises(OptionError):
        screen(r, {"speeder_fraction": 0.5})


# --------------------------------------------------------------------------
# summary and to_dict
# --------------------------------------------------------------------------

def mixed_screening() -> Screening:
    rows = SPEED_ROWS[:5] + [[4] * 10, SPEED_ROWS[0]]
    # row 6 fails the check; row 7 straight-lines and speeds; row 8 repeats row 2 and speeds
    r = make_responses(rows, durations=[300, 310, 320, 330, 340, 20, 25], checks=[2, 2, 2, 2, 1, 2, 2],
                       respondents=["R1", "R2", "R3", "R4", "R5", "R6", "R1"])
    return screen(r)


def test_summary_counts_in_each_language():
    s = mixed_screening()
    assert excluded_rows(s) == {6: ["attention"], 7: ["straightlining", "speeder"], 8: ["speeder", "duplicate"]}
    assert s.counts() == {"missing": 0, "straightlining": 1, "speeder": 2, "attention": 1, "duplicate": 1,
                          "out_of_range": 0}
    en = s.summary()
    assert en.splitlines()[0] == "Screening: 7 responses read, 4 kept, 3 excluded."
    assert "  - speeder (answered too fast): 2" in en and "  - duplicate response: 1" in en
    assert "missing" not in en
    hans = s.summary("zh-Hans")
    assert hans.splitlines()[0] == "筛选：共读取 7 份答卷，保留 4 份，剔除 3 份。"
    assert "  - 作答时间过短：2 份" in hans and "  - 重复答卷：1 份" in hans
    hant = s.summary("zh-Hant")
    assert hant.splitlines()[0] == "篩選：共讀取 7 份答卷，保留 4 份，剔除 3 份。"
    assert "  - 重複答卷：1 份" in hant and "  - 未通過注意力檢測題：1 份" in hant
    assert s.summary("fr") == en


def test_to_dict_is_json_safe():
    s = mixed_screening()
    d = json.loads(json.dumps(s.to_dict(), ensure_ascii=False))
    assert d["n"] == 7 and d["n_kept"] == 4 and d["n_excluded"] == 3
    assert d["counts"]["duplicate"] == 1 and d["counts"]["speeder"] == 2
    assert d["excluded"][1] == {"row": 7, "respondent": "R6", "reasons": ["straightlining", "speeder"],
                                "details": s.excluded["details"].iloc[1],
                                "details_zh": s.excluded["details_zh"].iloc[1],
                                "details_zh_hant": "10 個已答題目全部選擇同一答案（4）；"
                                                   "作答時間 20 秒 < 103.3 秒（中位數 310 秒的 1/3）"}
    assert d["policy"]["speeder_fraction"] == pytest.approx(1 / 3)
    assert d["notes"] == ["Respondent id R1 appears on rows 2, 8 (check the export) / "
                          "答卷编号 R1 出现在第 2、8 行（请检查导出文件）"]


def test_reasons_details_and_notes_in_each_language():
    s = mixed_screening()
    row = s.excluded.iloc[1]
    assert reason_text(row["reasons"], "zh-Hans") == "直线作答（所有题目选同一选项）、作答时间过短"
    assert reason_text(row["reasons"], "zh-Hant") == "直線作答（所有題目選同一選項）、作答時間過短"
    assert reason_text(row["reasons"], "en") == "straight-lining (same answer throughout); speeder (answered too fast)"
    assert details_text(row, "zh-Hans") == "10 个已答题目全部选择同一答案（4）；作答时长 20 秒 < 103.3 秒（中位数 310 秒的 1/3）"
    assert details_text(row, "zh-Hant") == "10 個已答題目全部選擇同一答案（4）；作答時間 20 秒 < 103.3 秒（中位數 310 秒的 1/3）"
    saved = {k: v for k, v in s.to_dict()["excluded"][1].items() if k != "details_zh_hant"}   # an older results.json
    assert details_text(saved, "zh-Hant") == details_text(row, "zh-Hans")
    assert note_texts(s.notes[0]) == {"en": "Respondent id R1 appears on rows 2, 8 (check the export)",
                                      "zh-Hans": "答卷编号 R1 出现在第 2、8 行（请检查导出文件）",
                                      "zh-Hant": "答卷編號 R1 出現在第 2、8 列（請檢查匯出檔案）"}
    assert note_texts(pickle.loads(pickle.dumps(s.notes[0]))) == note_texts(s.notes[0])   # the app's worker
    assert "篩選：共讀取 7 份答卷" in s.summary("zh-Hant") and "答卷編號 R1 出現在第 2、8 列" in s.summary("zh-Hant")


def test_reason_labels_cover_every_reason_in_three_languages():
    assert set(REASON_LABELS) == set(REASONS)
    for labels in REASON_LABELS.values():
        assert set(labels) == {"zh-Hans", "zh-Hant", "en"}


# --------------------------------------------------------------------------
# property: every row is kept or excluded, never both
# --------------------------------------------------------------------------

answer = st.one_of(st.integers(1, 5).map(float), st.just(np.nan))
row_strategy = st.lists(answer, min_size=10, max_size=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(row_strategy, min_size=1, max_size=12),
    data=st.data(),
    straightlining=st.sampled_from(["grid", "block", "off"]),
)
def test_every_row_is_kept_or_excluded_never_both(rows, data, straightlining):
    n = len(rows)
    durations = data.draw(st.lists(st.one_of(st.floats(1, 1000), st.just(np.nan)), min_size=n, max_size=n))
    checks = data.draw(st.lists(st.one_of(st.integers(1, 5).map(float), st.just(np.nan)), min_size=n, max_size=n))
    r = make_responses(rows, durations=durations, checks=checks)
    s = screen(r, straightlining=straightlining)
    kept = set(s.kept.meta["row"])
    excluded = set(s.excluded["row"])
    assert kept | excluded == set(r.meta["row"])
    assert not kept & excluded
    assert s.n_kept + s.n_excluded == n
    assert s.flags["excluded"].sum() == s.n_excluded
    assert all(reasons and set(reasons) <= set(REASONS) for reasons in s.excluded["reasons"])


def test_summary_lists_notes_in_the_readers_language():
    from pathlib import Path

    import research

    path = Path(__file__).resolve().parents[1] / "datasets" / "lsq5_wjx_gbk.csv"
    s = research.screen(research.load_responses(path, "lsq5"))
    en, zh = s.summary("en"), s.summary("zh-Hans")
    assert "500 responses read, 460 kept, 40 excluded" in en
    assert "Notes (3):" in en and "IP address 117.136.156.5 appears on rows 7, 118" in en and "校园网" not in en
    assert "备注（3 条）" in zh and "IP 地址 117.136.156.5 出现在第 7、118 行" in zh


def test_unlisted_segment_option_is_no_reason_to_exclude():
    problems = [{"row": 2, "column": "GENDER", "item": "GENDER", "value": "3", "kind": "out_of_range"},
                {"row": 3, "column": "SAT1", "item": "SAT1", "value": "9", "kind": "out_of_range"}]
    r = make_responses([VARIED, OTHER], problems=problems)
    s = screen(r)
    assert excluded_rows(s) == {3: ["out_of_range"]}


def test_kept_raw_is_subset_with_the_rest():
    r = make_responses([VARIED, [4] * 10, OTHER])
    r = replace(r, raw=pd.DataFrame({"x": ["a", "b", "c"]}))
    s = screen(r)
    assert s.kept.raw["x"].tolist() == ["a", "c"] and s.kept.meta["row"].tolist() == [2, 4]
