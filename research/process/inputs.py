"""Input checks of :func:`research.process`: roles, the model's data frame (numbers, categorical
moderators, listwise exclusion with reasons) — every problem a trilingual error naming the option, column,
row and value."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable
from ..regression import level_text

MAX_MEDIATORS = {"parallel": 10, "serial": 6}


def bad_option(option, detail, en, zh, zh_hant, column=None):
    return invalid_option(option, detail, en, zh, zh_hant, column=column)


def column_names(value, option) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [str(v) for v in value]
    except TypeError:
        raise bad_option(option, repr(value)[:60], "Give column names as a string or a list of strings.",
                   "请以字符串或字符串列表给出列名。", "請以字串或字串清單提供列名。") from None


def assign_roles(tpl, x, y, m, w, z, v, q, covariates) -> tuple[dict, tuple, tuple]:
    roles: dict = {}
    for role, name in (("X", x), ("Y", y)):
        if not isinstance(name, str) or not name:
            raise bad_option(role.lower(), repr(name)[:60], f"Name the {'independent variable X' if role == 'X' else 'outcome Y'} "
                       "by its column name.", f"请用列名指定{'自变量 X' if role == 'X' else '因变量 Y'}。",
                       f"請用欄名指定{'自變數 X' if role == 'X' else '依變數 Y'}。")
        roles[role] = name
    mediators = column_names(m, "m")
    if tpl.mediators == "none" and mediators:
        raise bad_option("m", f"model {tpl.number}: m = {mediators}", "Models 1–3 have no mediator: leave m empty or "
                   "choose a mediation model (4, 6, 7, 14, …).", "模型 1–3 没有中介变量：请不要给出 m，或选择中介模型（4、6、7、14……）。",
                   "模型 1–3 沒有中介變數：請勿提供 m，或選擇中介模型（4、6、7、14……）。")
    if tpl.mediators != "none" and not mediators:
        raise bad_option("m", f"model {tpl.number}: m = []", "Name at least one mediator (m=[...]) for this model.",
                   "该模型需要至少一个中介变量（m=[...]）。", "此模型需要至少一個中介變數（m=[...]）。")
    limit = MAX_MEDIATORS.get(tpl.mediators, 0)
    if len(mediators) > limit and tpl.mediators != "none":
        raise bad_option("m", f"k = {len(mediators)} > {limit}", f"Use at most {limit} mediators in this model.",
                   f"该模型最多使用 {limit} 个中介变量。", f"此模型最多使用 {limit} 個中介變數。")
    med_roles = tuple(f"M{k + 1}" for k in range(len(mediators)))
    roles.update(zip(med_roles, mediators))
    given = {"W": w, "Z": z, "V": v, "Q": q}
    need = tpl.moderators
    for letter, name in given.items():
        if letter in need and not name:
            raise bad_option(letter.lower(), f"model {tpl.number}: {letter.lower()} = None",
                       f"Model {tpl.number} needs the moderator {letter}: give {letter.lower()}='column'.",
                       f"模型 {tpl.number} 需要调节变量 {letter}：请给出 {letter.lower()}='列名'。",
                       f"模型 {tpl.number} 需要調節變數 {letter}：請提供 {letter.lower()}='欄名'。")
        if letter not in need and name:
            raise bad_option(letter.lower(), f"model {tpl.number}: {letter.lower()} = {name!r}",
                       f"Model {tpl.number} has no moderator {letter}: leave it out, or choose a model where "
                       f"{letter} moderates a path.", f"模型 {tpl.number} 没有调节变量 {letter}：请去掉它，或选择含该调节的模型。",
                       f"模型 {tpl.number} 沒有調節變數 {letter}：請移除它，或選擇含此調節的模型。")
        if name:
            if not isinstance(name, str):
                raise bad_option(letter.lower(), repr(name)[:60], "Name the moderator by one column name.",
                           "请用一个列名指定调节变量。", "請用一個欄名指定調節變數。")
            roles[letter] = name
    covs = column_names(covariates, "covariates")
    cov_roles = tuple(f"C{k + 1}" for k in range(len(covs)))
    roles.update(zip(cov_roles, covs))
    seen: dict = {}
    for role, name in roles.items():
        if name in seen:
            raise bad_option(role.lower() if role in "XYWZVQ" else "m" if role[0] == "M" else "covariates",
                       f"{name!r}: {seen[name]} = {role}", "Give each variable one role only (X, Y, a mediator, a "
                       "moderator or a covariate).", "每个变量只能担任一个角色（X、Y、中介、调节或控制变量）。",
                       "每個變數只能擔任一個角色（X、Y、中介、調節或控制變數）。", column=name)
        seen[name] = role
    return roles, med_roles, cov_roles


def sorted_levels(s: pd.Series) -> list:
    """A categorical moderator's levels as text, in R's ``factor()`` order: numeric codes numerically
    (1, 2, 10 — not "1", "10", "2"), text in sorted order; the first is the reference level."""
    if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return list(dict.fromkeys(level_text(v) for v in sorted(pd.unique(s))))
    return sorted(pd.unique(s.astype(str)))


def match_level(value, levels: tuple):
    """The level ``value`` names: its text, or a numeric code equal to a level's (3 for "3.0"); None if none."""
    text = str(value)
    if text in levels:
        return text
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    for lv in levels:
        try:
            if float(lv) == number:
                return lv
        except ValueError:
            continue
    return None


def model_frame(data, roles: dict, categorical) -> tuple[pd.DataFrame, dict, list]:
    if not isinstance(data, pd.DataFrame):
        raise bad_option("data", type(data).__name__, "Pass the data as a pandas DataFrame (one row per respondent).",
                   "请传入 pandas DataFrame（每行一位受访者）。", "請傳入 pandas DataFrame（每列一位受訪者）。")
    for role, name in roles.items():
        if name not in data.columns:
            raise bad_option(role.lower() if len(role) == 1 else "m" if role[0] == "M" else "covariates", f"{name!r} ∉ data",
                       "Use column names that exist in the data (check spelling and case).",
                       "请使用数据中存在的列名（注意拼写和大小写）。", "請使用資料中存在的欄名（注意拼寫與大小寫）。",
                       column=name)
    categorical = set(column_names(categorical, "categorical"))
    for c in categorical:
        if c not in roles.values():
            raise bad_option("categorical", f"{c!r} ∉ roles", "List only moderators as categorical.",
                       "categorical 中只能列出调节变量。", "categorical 中只能列出調節變數。", column=c)
    levels: dict = {}
    frame = pd.DataFrame(index=data.index)
    for role, name in roles.items():
        s = data[name]
        moderator = role in ("W", "Z", "V", "Q")
        if moderator and (name in categorical or not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s))):
            kept = s.dropna()
            lv = sorted_levels(kept)
            if len(lv) < 2:
                raise invalid_data(f"{name}: {len(lv)} level", "A categorical moderator needs at least two groups "
                                   "with answers.", "分类调节变量至少需要两个有作答的组别。", "分類調節變數至少需要兩個有作答的組別。",
                                   column=name)
            if len(lv) > 10:
                raise invalid_data(f"{name}: {len(lv)} levels", "Use a categorical moderator with at most 10 groups "
                                   "(merge small groups first), or treat it as numeric.",
                                   "分类调节变量最多 10 组：请先合并小组，或按数值处理。", "分類調節變數最多 10 組：請先合併小組，或按數值處理。",
                                   column=name)
            levels[role] = tuple(lv)
            frame[role] = s.map(lambda v: None if pd.isna(v) else level_text(v))
            continue
        if pd.api.types.is_bool_dtype(s):
            s = s.astype(float)
        if not pd.api.types.is_numeric_dtype(s):
            # an object column may hold numbers (or numbers as text): only real text is an error; a blank cell
            # is a missing answer.  Rows in messages are positions counted from 1, as research.pls reports them.
            number = pd.to_numeric(s, errors="coerce")
            bad = s.notna() & number.isna() & (s.astype(str).str.strip() != "")
            if bad.any():
                pos = int(np.flatnonzero(bad.to_numpy())[0])
                raise invalid_data(f"{int(bad.sum())} × text", "Recode text answers to numbers (or, for a moderator "
                                   "such as platform, name it in categorical=).", "请把文字答案编码为数字（平台等调节变量可列入 categorical=）。",
                                   "請把文字答案編碼為數字（平台等調節變數可列入 categorical=）。", column=name, row=pos + 1,
                                   value=s.iloc[pos])
            s = number
        v = s.astype(float)
        if np.isinf(v).any():
            pos = int(np.flatnonzero(np.isinf(v.to_numpy()))[0])
            raise invalid_data("±inf", "Remove or correct the infinite values (they are not answers).",
                               "请删除或更正无穷大的值（它们不是答案）。", "請刪除或更正無窮大的值（它們不是答案）。",
                               column=name, row=pos + 1, value=v.iloc[pos])
        frame[role] = v
    missing = frame.isna()
    excluded = []
    for idx in frame.index[missing.any(axis=1)]:
        cols = [roles[r] for r in frame.columns if missing.at[idx, r]]
        excluded.append({"row": jsonable(idx), "reason": {"en": "missing: " + ", ".join(cols),
                                                          "zh-Hans": "缺失：" + "、".join(cols),
                                                          "zh-Hant": "遺漏：" + "、".join(cols)}})
    frame = frame[~missing.any(axis=1)]
    for role in list(levels):
        present = sorted(pd.unique(frame[role]))
        if len(present) < 2:
            raise invalid_data(f"{roles[role]}: {len(present)} level", "After removing incomplete rows the categorical "
                               "moderator has one group left: it cannot moderate.", "删除不完整的行后，该分类调节变量只剩一组，无法作为调节变量。",
                               "刪除不完整的列後，該分類調節變數只剩一組，無法作為調節變數。", column=roles[role])
        levels[role] = tuple(lv for lv in levels[role] if lv in present)
    return frame, levels, excluded
