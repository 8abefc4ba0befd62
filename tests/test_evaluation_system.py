"""Index systems as YAML files (research.evaluation.system, issue 17 point 1): the shipped templates (LSQ-5 index
and the e-commerce business-model system of DOMAIN.md §7, checked against the table in ../shared/DOMAIN.md), the
two layouts (tree: and nodes:) giving one system, and every validation error naming the node and the problem in
zh-Hans, zh-Hant and English."""
from __future__ import annotations

import copy
import math
import re
from fractions import Fraction

import pytest
from conftest import ROOT, SHARED

from research.errors import IndexSystemError
from research.evaluation.system import SYSTEM_DIR, IndexSystem, list_systems, load_system
from research.marketing.index import DEFAULT_GRADES
from research.safeyaml import load_yaml

ECOMMERCE = SYSTEM_DIR / "ecommerce-model.yaml"


def raises(source, **kw) -> IndexSystemError:
    with pytest.raises(IndexSystemError) as info:
        load_system(source, **kw)
    return info.value


def check(err: IndexSystemError, node: str, en: str, zh: str, zt: str, value=None):
    """The error is sys_schema at ``node`` with exactly these problem texts, and each language's message says
    where and what."""
    assert err.key == "sys_schema"
    assert err.params["node"] == node
    assert (err.params["problem_en"], err.params["problem_zh"], err.params["problem_zh_hant"]) == (en, zh, zt)
    assert err.message("en").startswith(f"In the index-system file, {node} is invalid: {en} ")
    assert err.message("zh-Hans").startswith(f"指标体系文件中 {node} 有误：{zh} ")
    assert err.message("zh-Hant").startswith(f"指標體系檔案中 {node} 有誤：{zt} ")
    assert err.value == value


# --------------------------------------------------------------------------
# the templates
# --------------------------------------------------------------------------

def test_the_templates_are_listed():
    assert {"lsq5-index", "ecommerce-model"} <= set(list_systems())
    assert SYSTEM_DIR == ROOT / "questionnaires" / "indices"


def test_lsq5_index():
    s = load_system("lsq5-index")
    assert (s.id, s.root, len(s.nodes), len(s.leaves), s.depth) == ("lsq5-index", "LSQ", 26, 20, 2)
    assert s.children("LSQ") == ("ECO", "RES", "FLE", "REL", "EMP")
    assert s.children("REL") == ("REL1", "REL2", "REL3", "REL4")
    assert s.questionnaire.id == "lsq5"
    assert {s.method_of(k) for k in s.internal} == {"equal"}
    assert s.stated_shares("LSQ") is None
    rel4 = s.node("REL4")
    assert (rel4.binding, rel4.columns, rel4.range, rel4.reversed, rel4.direction) == \
        ("item", ("REL4",), (1.0, 5.0), ("REL4",), "benefit")
    assert [k for k in s.leaves if s.node(k).reversed] == ["REL4"]
    assert s.name("EMP", "zh-Hant") == "關懷性" and s.name("FLE", "en") == "Flexibility"
    assert s.path("EMP3") == ("LSQ", "EMP", "EMP3")
    assert s.ahp_nodes() == {"LSQ": ["ECO", "RES", "FLE", "REL", "EMP"],
                             **{d: [f"{d}{i}" for i in range(1, 5)] for d in ("ECO", "RES", "FLE", "REL", "EMP")}}
    assert s.combine == {"subjective": "ahp", "objective": "entropy", "alpha": 0.5, "rule": "linear"}
    assert s.grade_scores == (92.5, 80.0, 67.5, 50.0, 20.0)


def test_ecommerce_model_shape():
    s = load_system("ecommerce-model")
    assert isinstance(s, IndexSystem)
    assert (s.id, s.root, len(s.nodes), s.depth) == ("ecommerce-model", "M", 46, 3)
    assert [len(s.at_level(k)) for k in range(4)] == [1, 4, 11, 30]
    assert len(s.leaves) == 30 and set(s.leaves) == set(s.at_level(3))
    assert s.children("M") == ("M1", "M2", "M3", "M4")
    assert s.children("M4.2") == ("M4.2.1", "M4.2.2", "M4.2.3", "M4.2.4")
    assert all(s.node(k).binding == "standards" and s.node(k).columns == (k,) for k in s.leaves)
    assert s.columns == s.leaves
    assert {s.method_of(k) for k in s.internal} == {"stated"}
    assert s.grades == DEFAULT_GRADES and s.grade_scores == (92.5, 80.0, 67.5, 50.0, 20.0)
    assert s.boundary == "lower"
    assert s.grade_names("zh-Hant") == ("優", "良", "中", "低", "差")
    assert "31" in s.source and "30" in s.source
    assert s.title_in("zh-Hans") == "电子商务模式评价指标体系"


def domain_table() -> list[tuple[int, str, float]]:
    """(level, zh-Hans name, points) of every indicator in the table of DOMAIN.md §7, in table order."""
    text = (SHARED / "DOMAIN.md").read_text(encoding="utf-8")
    text = text[text.index("| 一级 (W) | 二级 (W) | 三级 (W) |"):]
    rows = []
    for line in text.splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    out = []

    def named(cell):
        m = re.fullmatch(r"(.+) \(([0-9.]+)\)", cell)
        return m.group(1), float(m.group(2))

    for first, second, third in rows:
        if first:
            out.append((1, *named(first)))
        out.append((2, *named(second)))
        out += [(3, *named(t if t.endswith(")") else t + ")")) for t in third.split("); ")]
    return out


def test_ecommerce_model_is_the_table_of_domain_md():
    table = domain_table()
    assert [sum(1 for t in table if t[0] == k) for k in (1, 2, 3)] == [4, 11, 30]
    s = load_system("ecommerce-model")
    got = [(n.level, n.name["zh-Hans"], n.weight) for n in s.nodes.values() if n.level > 0]
    assert got == table
    assert s.node("M4.2.2").name["zh-Hans"] == "收益增长率" and s.node("M4.2.2").weight == 8.0


def test_ecommerce_model_weights():
    s = load_system("ecommerce-model")
    assert s.stated_shares("M") == pytest.approx({"M1": 0.2, "M2": 0.3, "M3": 0.2, "M4": 0.3}, abs=1e-15)
    assert s.stated_shares("M1.1") == pytest.approx({"M1.1.1": 1 / 3, "M1.1.2": 1 / 3, "M1.1.3": 1 / 3}, abs=1e-15)
    assert s.stated_shares("M1.3") == pytest.approx(
        {"M1.3.1": 2.5 / 8, "M1.3.2": 2.5 / 8, "M1.3.3": 1 / 8, "M1.3.4": 1 / 8, "M1.3.5": 1 / 8}, abs=1e-15)
    assert s.stated_shares("M2.1") == {"M2.1.1": 1.0}
    assert s.stated_shares("M4.2") == pytest.approx({"M4.2.1": 0.2, "M4.2.2": 0.4, "M4.2.3": 0.2, "M4.2.4": 0.2},
                                                    abs=1e-15)

    def global_weight(k):
        w = 1.0
        for parent, child in zip(s.path(k), s.path(k)[1:]):
            w *= s.stated_shares(parent)[child]
        return w

    assert s.path("M4.2.2") == ("M", "M4", "M4.2", "M4.2.2")
    assert global_weight("M4.2.2") == pytest.approx(0.08, abs=1e-15)          # 30/100 · 20/30 · 8/20
    # with the points summing to the parent at every level, each leaf's global weight is its points / 100
    for k in s.leaves:
        assert global_weight(k) == pytest.approx(s.node(k).weight / 100, abs=1e-15), k
    assert math.fsum(global_weight(k) for k in s.leaves) == pytest.approx(1.0, abs=1e-12)
    assert sum(Fraction(str(s.node(k).weight)) for k in s.leaves) == 100


def test_ecommerce_model_standards():
    s = load_system("ecommerce-model")
    grades = ["优", "良", "中", "低", "差"]
    assert all(list(s.node(k).standards) == grades for k in s.leaves)
    growth = s.node("M4.2.2").standards
    assert [growth[g]["zh-Hans"] for g in grades] == ["收益增长率 > 15%", "收益增长率 10%–15%", "收益增长率 5%–10%",
                                                      "收益增长率 2%–5%", "收益增长率 ≤ 2%"]
    assert growth["差"]["zh-Hant"] == "收益成長率 ≤ 2%"
    assert s.node("M4.2.1").standards["优"] == {"zh-Hans": "成本降低率 > 15%", "zh-Hant": "成本降低率 > 15%",
                                                "en": "cost reduction rate above 15 %"}
    roi = s.node("M4.2.4")
    assert (roi.name["zh-Hans"], roi.standards["优"]["zh-Hans"], roi.standards["差"]["zh-Hans"]) == \
        ("投资回报率", "投资回收期 ≤ 1 年", "投资回收期 > 5 年")
    assert "投资回收期本身不是指标" in roi.note["zh-Hans"] and "not an indicator of its own" in roi.note["en"]
    generic = {g: t["zh-Hans"] for g, t in s.node("M2.3.1").standards.items()}
    assert generic == {"优": "明显优于同行", "良": "优于同行", "中": "与同行相当", "低": "落后于同行", "差": "明显落后于同行"}
    published = {"M4.2.1", "M4.2.2", "M4.2.4"}
    assert all(s.node(k).standards == s.node("M1.1.1").standards for k in s.leaves if k not in published)
    # every text in all three languages
    for k, n in s.nodes.items():
        assert set(n.name) == {"zh-Hans", "zh-Hant", "en"}, k
        for g, text in (n.standards or {}).items():
            assert set(text) == {"zh-Hans", "zh-Hant", "en"}, (k, g)


def test_template_texts_are_clean_chinese():
    """The translation checker of test_translations (Mainland terms in 繁體, characters of the other script) on
    every name, note and standard of the shipped templates."""
    from test_translations import problems

    # 上下游 is written alike in both scripts; OpenCC's one-character conversion reads 游 as 遊 (its phrase
    # conversion keeps 上下游), so the character is not a Simplified-only one here
    ok = {"Simplified-only characters '游'"}
    bad = []
    for name in ("ecommerce-model", "lsq5-index"):
        s = load_system(name)
        texts = [("title", s.title)] + [(f"{k}.name", n.name) for k, n in s.nodes.items()]
        texts += [(f"{k}.note", n.note) for k, n in s.nodes.items()]
        texts += [(f"{k}.standards.{g}", t) for k, n in s.nodes.items() for g, t in (n.standards or {}).items()]
        for where, text in texts:
            for lang in ("zh-Hans", "zh-Hant"):
                bad += [f"{name} {where} [{lang}] {p}" for p in problems(text.get(lang), lang) if p not in ok]
    assert bad == []
    assert load_system("ecommerce-model").name("M3.2.3", "zh-Hant") == "資訊流、金流、物流整合與上下游協同"


# --------------------------------------------------------------------------
# the two layouts
# --------------------------------------------------------------------------

def nodes_to_tree(raw: dict) -> dict:
    raw = copy.deepcopy(raw)
    nodes = raw.pop("nodes")
    by_id = {n["id"]: n for n in nodes}
    root = None
    for n in nodes:
        parent = n.pop("parent", None)
        if parent is None:
            root = n
        else:
            by_id[parent].setdefault("children", []).append(n)
    raw["tree"] = root
    return raw


def tree_to_nodes(raw: dict) -> dict:
    raw = copy.deepcopy(raw)
    out, stack = [], [(raw.pop("tree"), None, 0)]
    while stack:
        node, parent, level = stack.pop()
        kids = node.pop("children", [])
        out.append((level, {**node, **({} if parent is None else {"parent": parent})}))
        stack.extend((k, node["id"], level + 1) for k in reversed(kids))
    # deepest rows first, the root last: a child may come before its parent; siblings keep their order
    raw["nodes"] = [n for _, n in sorted(out, key=lambda x: -x[0])]
    return raw


def same(a: IndexSystem, b: IndexSystem):
    da, db = a.to_dict(), b.to_dict()
    assert da == db
    assert (a.leaves, a.internal, a.depth, a.columns) == (b.leaves, b.internal, b.depth, b.columns)
    assert {k: a.method_of(k) for k in a.internal} == {k: b.method_of(k) for k in b.internal}


def test_tree_and_nodes_layouts_give_the_same_system():
    raw = load_yaml(ECOMMERCE)
    assert "nodes" in raw and "tree" not in raw
    as_nodes, as_tree = load_system(raw), load_system(nodes_to_tree(raw))
    same(as_nodes, as_tree)
    assert list(as_tree.nodes)[:6] == ["M", "M1", "M1.1", "M1.1.1", "M1.1.2", "M1.1.3"]
    assert as_tree.stated_shares("M4.2") == as_nodes.stated_shares("M4.2")

    lsq = load_yaml(SYSTEM_DIR / "lsq5-index.yaml")
    flat = tree_to_nodes(lsq)
    assert [n["id"] for n in flat["nodes"]][:5] + [flat["nodes"][-1]["id"]] == \
        ["ECO1", "ECO2", "ECO3", "ECO4", "RES1", "LSQ"]
    same(load_system(lsq), load_system(flat))


def test_file_text_dict_and_path_give_the_same_system():
    text = ECOMMERCE.read_text(encoding="utf-8")
    by_name = load_system("ecommerce-model")
    for other in (load_system(ECOMMERCE), load_system(str(ECOMMERCE)), load_system(text),
                  load_system(text.encode("utf-8")), load_system(load_yaml(ECOMMERCE))):
        assert other.to_dict() == by_name.to_dict()
    assert load_system(by_name) is by_name
    assert (by_name.file, load_system(text).file) == ("ecommerce-model.yaml", "<text>")


# --------------------------------------------------------------------------
# validation errors: each names the node and the problem in three languages
# --------------------------------------------------------------------------

SERVICE = "{zh-Hans: 服务, zh-Hant: 服務, en: Service}"


def test_children_weights_that_do_not_sum():
    err = raises(f"""
tree:
  id: R
  children:
    - id: A
      name: {SERVICE}
      weight: 6
      children:
        - {{id: A1, weight: 2, column: a1, range: [0, 10]}}
        - {{id: A2, weight: 2, column: a2, range: [0, 10]}}
        - {{id: A3, weight: 1, column: a3, range: [0, 10]}}
    - {{id: B, weight: 94, column: b, range: [0, 10]}}
""")
    check(err, "tree.children[1] 'A'",
          "the weights of the children of 'Service' sum to 2 + 2 + 1 = 5, not 1 or 100, nor the node's own weight 6",
          "“服务”的子节点权重之和 2 + 2 + 1 = 5，不等于 1 或 100，也不等于该节点自身的权重 6",
          "「服務」的子節點權重之和 2 + 2 + 1 = 5，不等於 1 或 100，也不等於此節點自身的權重 6")
    # the same node in the nodes: layout is named by its row; a node without a name by its id alone
    err = raises("""
nodes:
  - {id: R}
  - {id: A, parent: R, weight: 0.5, column: a, range: [0, 1]}
  - {id: B, parent: R, weight: 0.4, column: b, range: [0, 1]}
""")
    check(err, "nodes[1] 'R'", "the weights of its children sum to 0.5 + 0.4 = 0.9, not 1 or 100",
          "其子节点权重之和 0.5 + 0.4 = 0.9，不等于 1 或 100", "其子節點權重之和 0.5 + 0.4 = 0.9，不等於 1 或 100")
    # shares, percentages and the parent's points all pass; fractions are read
    ok = load_system("""
tree:
  id: R
  children:
    - {id: A, weight: 1/3, column: a, range: [0, 1]}
    - {id: B, weight: "2/3", column: b, range: [0, 1]}
""")
    assert ok.stated_shares("R") == pytest.approx({"A": 1 / 3, "B": 2 / 3}, abs=1e-15)


def test_some_children_weighted_and_some_not():
    err = raises(f"""
tree:
  id: R
  name: {SERVICE}
  children:
    - {{id: A, weight: 60, column: a, range: [0, 1]}}
    - {{id: B, column: b, range: [0, 1]}}
""")
    check(err, "tree 'R'", "some of the children of 'Service' carry weight: and some do not (B); give every child a "
          "weight or none", "“服务”的子节点中部分有 weight:、部分没有（B）；请给全部子节点赋权或全部不赋权",
          "「服務」的子節點中部分有 weight:、部分沒有（B）；請給全部子節點賦權或全部不賦權", value="B")


def test_a_leaf_bound_to_nothing():
    err = raises("""
tree:
  id: R
  children:
    - {id: A, column: a, range: [0, 1]}
    - {id: B, name: 服务}
""")
    check(err, "tree.children[2] 'B'",
          "a leaf must be bound to exactly one of item:, items:, construct:, column: (with range:) or standards: "
          "(expert scoring, optionally with column:)",
          "叶节点须绑定且只绑定 item:、items:、construct:、column:（配 range:）或 standards:（专家打分，可配 column:）之一",
          "葉節點須繫結且只繫結 item:、items:、construct:、column:（配 range:）或 standards:（專家評分，可配 column:）之一")


def test_a_leaf_bound_twice():
    err = raises("""
questionnaire: lsq5
tree:
  id: R
  children:
    - {id: A, item: ECO1, column: eco1, range: [1, 5]}
""")
    check(err, "tree.children[1] 'A'", "a leaf is bound to one source, found item, column",
          "叶节点只能绑定一个来源，实际为 item、column", "葉節點只能繫結一個來源，實際為 item、column")


def test_an_item_listed_twice():
    err = raises("""
questionnaire: lsq5
tree:
  id: R
  children:
    - {id: A, items: [ECO1, ECO2, ECO1]}
""")
    check(err, "tree.children[1] 'A'.items", "item ECO1 is listed twice (it would count twice in the mean)",
          "题目 ECO1 列了两次（会在平均中计算两次）", "題目 ECO1 列了兩次（會在平均中計算兩次）", value="ECO1")


def test_unknown_parent():
    err = raises("""
nodes:
  - {id: R}
  - {id: A, parent: R, column: a, range: [0, 1]}
  - {id: B, parent: X, column: b, range: [0, 1]}
""")
    check(err, "nodes[3] 'B'", "its parent 'X' is not a node of the file", "其父节点“X”不在文件中",
          "其父節點「X」不在檔案中", value="X")


def test_a_cycle_of_parents():
    err = raises("""
nodes:
  - {id: R}
  - {id: C, parent: R, column: c, range: [0, 1]}
  - {id: D, parent: A, column: d, range: [0, 1]}
  - {id: A, parent: B}
  - {id: B, parent: A}
""")
    # found from D (whose parent is in the loop) but named at the first node of the loop
    check(err, "nodes[4] 'A'", "its parents form a cycle (A → B → A)", "其父节点构成循环（A → B → A）",
          "其父節點構成循環（A → B → A）")
    err = raises("""
nodes:
  - {id: R}
  - {id: A, parent: A, column: a, range: [0, 1]}
""")
    check(err, "nodes[2] 'A'", "its parents form a cycle (A → A)", "其父节点构成循环（A → A）", "其父節點構成循環（A → A）")


def test_a_long_chain_is_checked_quickly():
    """The parent walk is linear: a chain of 5000 nodes (given as a dict, no YAML parsing) loads and its cycle
    is found at once."""
    n = 5000
    rows = [{"id": "N0"}] + [{"id": f"N{k}", "parent": f"N{k - 1}"} for k in range(1, n)]
    rows.append({"id": "L", "parent": f"N{n - 1}", "column": "x", "range": [0, 1]})
    s = load_system({"nodes": rows})
    assert (s.depth, len(s.nodes), s.leaves, s.file) == (n, n + 1, ("L",), "<dict>")
    assert s.path("L")[:3] == ("N0", "N1", "N2") and len(s.path("L")) == n + 1
    rows[0] = {"id": "N0", "parent": f"N{n - 1}"}
    rows[:0] = [{"id": "R"}, {"id": "Q", "parent": "R", "column": "q", "range": [0, 1]}]
    err = raises({"nodes": rows})
    assert err.params["node"] == "nodes[3] 'N0'"
    # the loop of 5001 ids is shown by its ends (the message stays short)
    assert (err.params["problem_en"], err.params["problem_zh"], err.params["problem_zh_hant"]) == (
        "its parents form a cycle (N0 → N4999 → N4998 → N4997 → N4996 → … (4993) → N2 → N1 → N0)",
        "其父节点构成循环（N0 → N4999 → N4998 → N4997 → N4996 → … (4993) → N2 → N1 → N0）",
        "其父節點構成循環（N0 → N4999 → N4998 → N4997 → N4996 → … (4993) → N2 → N1 → N0）")


def test_two_roots():
    err = raises("""
nodes:
  - {id: R1}
  - {id: R2}
  - {id: A, parent: R1, column: a, range: [0, 1]}
  - {id: B, parent: R2, column: b, range: [0, 1]}
""")
    check(err, "nodes", "there must be exactly one top node (without parent:), found 2: R1, R2",
          "应恰有一个顶层节点（不带 parent:），实际为 2 个：R1, R2", "應恰有一個頂層節點（不帶 parent:），實際為 2 個：R1, R2")
    err = raises({"nodes": [{"id": f"R{k}"} for k in range(30)]})          # a long list is cut short
    assert err.params["problem_en"] == ("there must be exactly one top node (without parent:), found 30: R0, R1, R2, "
                                        "R3, R4, R5, R6, R7, R8, R9, … (+20)")


def test_a_duplicate_id():
    err = raises("""
tree:
  id: R
  children:
    - id: A
      children:
        - {id: X, column: x, range: [0, 1]}
    - id: B
      children:
        - {id: X, column: y, range: [0, 1]}
""")
    check(err, "tree.children[2].children[1] 'X'",
          "the id 'X' is used by two nodes (tree.children[1].children[1] and tree.children[2].children[1])",
          "编号“X”被两个节点使用（tree.children[1].children[1] 与 tree.children[2].children[1]）",
          "編號「X」被兩個節點使用（tree.children[1].children[1] 與 tree.children[2].children[1]）")


def test_unknown_item_and_construct_of_the_questionnaire():
    err = raises("""
questionnaire: lsq5
tree:
  id: R
  children:
    - {id: A, item: ECO1}
    - {id: B, items: [RES1, RES9]}
""")
    check(err, "tree.children[2] 'B'", "item 'RES9' is not in questionnaire 'lsq5'", "问卷“lsq5”中没有题目“RES9”",
          "問卷「lsq5」中沒有題目「RES9」", value="RES9")
    err = raises("""
questionnaire: lsq5
tree:
  id: R
  children:
    - {id: A, construct: ECO}
    - {id: B, construct: SPEED}
""")
    assert err.params["node"] == "tree.children[2] 'B'" and err.value == "SPEED"
    assert err.params["problem_en"].startswith("construct 'SPEED' is not in questionnaire 'lsq5' (constructs: ECO, ")
    assert err.params["problem_zh"].startswith("问卷“lsq5”中没有构念“SPEED”（构念：ECO, ")
    assert err.params["problem_zh_hant"].startswith("問卷「lsq5」中沒有構念「SPEED」（構念：ECO, ")
    # the questionnaire's own construct loads, named by its label and reading its four items on 1–5
    s = load_system("questionnaire: lsq5\ntree:\n  id: R\n  children:\n    - {id: A, construct: REL}\n")
    a = s.node("A")
    assert (a.columns, a.range, a.reversed, a.name["zh-Hans"]) == \
        (("REL1", "REL2", "REL3", "REL4"), (1.0, 5.0), ("REL4",), s.questionnaire.construct("REL").label("zh-Hans"))


def test_a_column_without_range():
    err = raises("""
tree:
  id: R
  children:
    - {id: A, column: days}
""")
    check(err, "tree.children[1] 'A'", "a column: leaf needs range: [min, max] (or scale: at the top of the file) "
          "to put its values on 0–100", "column: 叶节点需要 range: [最小值, 最大值]（或文件开头的 scale:）才能换算到 0–100",
          "column: 葉節點需要 range: [最小值, 最大值]（或檔案開頭的 scale:）才能換算到 0–100")
    s = load_system("scale: 7\ntree:\n  id: R\n  children:\n    - {id: A, column: days}\n"
                    "    - {id: B, column: cost, range: [0, 250], direction: cost}\n")
    assert (s.node("A").range, s.node("B").range, s.node("B").direction) == ((1.0, 7.0), (0.0, 250.0), "cost")
    err = raises("tree:\n  id: R\n  children:\n    - {id: A, column: days, range: [5, 5]}\n")
    check(err, "tree.children[1] 'A'.range", "[5, 5] is not [min, max] with min < max",
          "[5, 5] 不是 [最小值, 最大值]（最小值 < 最大值）", "[5, 5] 不是 [最小值, 最大值]（最小值 < 最大值）", value=[5, 5])


AHP3 = """
tree:
  id: R
  weights: ahp
  ahp: {matrix}
  children:
    - {{id: A, column: a, range: [0, 1]}}
    - {{id: B, column: b, range: [0, 1]}}
    - {{id: C, column: c, range: [0, 1]}}
"""


def test_a_bad_ahp_matrix():
    err = raises(AHP3.format(matrix="[[1, 3], [1/3, 1]]"))
    check(err, "tree 'R'.ahp", "give an 3 × 3 judgement matrix, rows and columns in the order of the children "
          "(A, B, C)", "请给出 3 × 3 判断矩阵，行列顺序与子节点相同（A、B、C）", "請提供 3 × 3 判斷矩陣，行列順序與子節點相同（A、B、C）")
    err = raises(AHP3.format(matrix="[[1, 3, 5], [1/3, 1, 2], [1/5, 2, 1]]"))     # a_23 · a_32 = 4
    assert err.params["node"] == "tree 'R'.ahp"
    assert "a[2,3] ('B', 'C') = 2; a[3,2] ('C', 'B') = 2 ≠ 1/2 = 0.5" in err.params["problem_en"]
    assert "a[2,3] ('B', 'C') = 2; a[3,2] ('C', 'B') = 2 ≠ 1/2 = 0.5" in err.params["problem_zh"]
    assert "a[2,3] ('B', 'C') = 2; a[3,2] ('C', 'B') = 2 ≠ 1/2 = 0.5" in err.params["problem_zh_hant"]
    assert err.message("en").startswith("In the index-system file, tree 'R'.ahp is invalid: ")
    assert err.message("zh-Hant").startswith("指標體系檔案中 tree 'R'.ahp 有誤：")
    err = raises(AHP3.format(matrix="[[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, -1]]"))
    check(err, "tree 'R'.ahp", "row 3, column 3: -1 is not a positive number or fraction such as 1/3",
          "第 3 行第 3 列：-1 不是正数或 1/3 这样的分数", "第 3 列第 3 欄：-1 不是正數或 1/3 這樣的分數", value=-1)
    s = load_system(AHP3.format(matrix="[[1, 3, 5], [0.333, 1, 2], [1/5, 1/2, 1]]"))
    assert s.node("R").ahp == ((1.0, 3.0, 5.0), (0.333, 1.0, 2.0), (0.2, 0.5, 1.0))
    assert s.method_of("R") == "ahp"


def test_an_ahp_matrix_decides_the_method_unless_another_is_named():
    text = AHP3.replace("  weights: ahp\n", "").format(matrix="[[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]")
    assert load_system(text).method_of("R") == "ahp"
    assert load_system(text.replace("  id: R\n", "  id: R\n  weights: combined\n")).method_of("R") == "combined"
    err = raises(text.replace("  id: R\n", "  id: R\n  weights: entropy\n"))
    check(err, "tree 'R'", "it carries an ahp: matrix, but its children are weighted by weights: entropy, which "
          "does not use it (choose weights: ahp or combined, or remove ahp:)",
          "该节点带有 ahp: 矩阵，但其子节点按 weights: entropy 赋权，用不到该矩阵（请改为 weights: ahp 或 combined，或删去 ahp:）",
          "此節點帶有 ahp: 矩陣，但其子節點按 weights: entropy 賦權，用不到此矩陣（請改為 weights: ahp 或 combined，或刪去 ahp:）")


STANDARDS = """
tree:
  id: R
  children:
    - id: A
      name: 成本降低率
      standards: {standards}
"""


def test_standards_missing_a_grade():
    err = raises(STANDARDS.format(standards="{优: '> 15%', 良: 10%–15%, 中: 5%–10%, 差: ≤ 2%}"))
    check(err, "tree.children[1] 'A'.standards", "the standard of grade(s) 低 is missing", "缺少等级 低 的标准",
          "缺少等級 低 的標準")
    err = raises(STANDARDS.format(standards="{优: a, 優: b, 良: c, 中: d, 低: e, 差: f}"))
    check(err, "tree.children[1] 'A'.standards", "grade Excellent (优) is given twice", "等级优出现了两次",
          "等級優出現了兩次", value="優")
    err = raises(STANDARDS.format(standards="{优: a, 良: c, 中: d, 低: e, 差: f, 极差: g}"))
    check(err, "tree.children[1] 'A'.standards",
          "'极差' is not a grade (grades: Excellent, Good, Fair, Poor, Very poor / 优、良、中、低、差)",
          "“极差”不是等级（等级：优、良、中、低、差）", "「极差」不是等級（等級：优、良、中、低、差）", value="极差")
    # the grade names of any language; the column defaults to the node's id
    s = load_system(STANDARDS.format(standards="{Excellent: a, 良: b, Fair: c, 低: d, Very poor: e}"))
    a = s.node("A")
    assert (list(a.standards), a.columns, a.binding) == (["优", "良", "中", "低", "差"], ("A",), "standards")
    assert a.standards["中"] == {"zh-Hans": "c", "zh-Hant": "c", "en": "c"}


def test_direction_cost_on_an_expert_leaf():
    err = raises(STANDARDS.format(standards="{优: a, 良: b, 中: c, 低: d, 差: e}\n      direction: cost"))
    check(err, "tree.children[1] 'A'", "direction: cost does not apply to an expert-scored leaf: its grade or 0–100 "
          "score is already higher-is-better; write what less-is-better means into its standards: instead",
          "专家打分的叶节点不适用 direction: cost：其等级或 0–100 分已是越高越好；请把“越小越好”写进 standards: 的各级标准",
          "專家評分的葉節點不適用 direction: cost：其等級或 0–100 分已是越高越好；請把「越小越好」寫進 standards: 的各級標準")


def test_unknown_keys():
    err = raises("""
tree:
  id: R
  children:
    - {id: A, column: a, range: [0, 1], wieght: 2}
""")
    assert err.params["node"] == "tree.children[1] 'A'"
    assert err.params["problem_en"].startswith("unknown key 'wieght' (allowed: id, name, parent, weight, weights, ")
    assert err.params["problem_zh"].startswith("未知的键“wieght”（允许：id、name、parent、weight、weights、")
    assert err.params["problem_zh_hant"].startswith("未知的鍵「wieght」（允許：id、name、parent、weight、weights、")
    err = raises("levels: 3\ntree: {id: R, children: [{id: A, column: a, range: [0, 1]}]}\n")
    assert err.params["node"] == "(top)"
    assert err.params["problem_en"].startswith("unknown key 'levels' (allowed: schema_version, id, title, ")
    assert err.message("zh-Hant").startswith("指標體系檔案中 (top) 有誤：未知的鍵「levels」（允許：schema_version、id、")


def test_a_key_twice_in_one_mapping():
    err = raises("tree:\n  id: R\n  id: S\n  children: [{id: A, column: a, range: [0, 1]}]\n")
    assert (err.key, err.params["line"], err.params["col"]) == ("yaml_syntax", 3, 3)
    assert err.params["problem"] == "the key 'id' appears twice in one mapping"


def test_a_node_with_children_and_a_binding():
    err = raises("""
questionnaire: lsq5
tree:
  id: R
  construct: ECO
  children:
    - {id: A, item: ECO1}
""")
    check(err, "tree 'R'", "a node with children cannot also be bound to data (construct:); bind its leaves instead",
          "有子节点的节点不能同时绑定数据（construct:）；请绑定其叶节点", "有子節點的節點不能同時繫結資料（construct:）；請繫結其葉節點")


def test_grades_with_one_name_twice():
    err = raises("""
grades:
  - {lower: 50, name: {zh-Hans: 合格, zh-Hant: 合格, en: Pass}}
  - {lower: 0, name: {zh-Hans: 不合格, zh-Hant: 不合格, en: Pass}}
tree: {id: R, children: [{id: A, column: a, range: [0, 1]}]}
""")
    check(err, "grades", "two grades are named 'Pass' (en); give every grade its own name",
          "两个等级都叫“Pass”（en）；请给每个等级不同的名称", "兩個等級都叫「Pass」（en）；請給每個等級不同的名稱", value="Pass")
    s = load_system("""
grades:
  - {lower: 0, name: {zh-Hans: 不合格, zh-Hant: 不合格, en: Fail}, score: 25}
  - {lower: 50, name: {zh-Hans: 合格, zh-Hant: 合格, en: Pass}}
tree: {id: R, children: [{id: A, column: a, range: [0, 1]}]}
""")
    assert (s.grade_names("en"), s.grade_scores) == (("Pass", "Fail"), (75.0, 25.0))


@pytest.mark.parametrize("text,key,params", [
    # "billion laughs": nine levels of ten aliases would be 10⁹ values; six levels are already 10⁶ + 1
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
     + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi")),
     "yaml_expands", {"limit": "1,000,000"}),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
     + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcdef", "bcdefg")),
     "yaml_expands", {"limit": "1,000,000"}),
    ("a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n", "yaml_too_many_aliases",
     {"limit": 100, "line": 2, "col": 5 + 4 * 100}),
    ("tree: &t\n  id: R\n  children: [*t]\n", "yaml_recursive", {"line": 1, "col": 7}),
])
def test_yaml_alias_bombs_are_refused(text, key, params):
    err = raises(text)
    assert (err.key, err.params, err.file) == (key, params, "<text>")
    shown = {"yaml_expands": ("1,000,000 values", "1,000,000 个值", "1,000,000 個值"),
             "yaml_too_many_aliases": ("more than 100 aliases", "超过 100 个别名", "超過 100 個別名"),
             "yaml_recursive": ("at line 1, column 7", "第 1 行第 7 列", "第 1 行第 7 欄")}[key]
    for lang, text in zip(("en", "zh-Hans", "zh-Hant"), shown):
        assert text in err.message(lang) and "<text>" in err.message(lang)


def test_a_tree_holds_18_levels_and_nodes_any_number():
    """SCHEMA.md: every level of tree: costs two YAML levels of the 40 allowed; nodes: is flat."""
    def tree(d):
        lines, ind = ["tree:"], "  "
        for k in range(d):
            lines += [f"{ind}id: N{k}", f"{ind}name: {{en: n{k}}}", f"{ind}children:", f"{ind}  -"]
            ind += "    "
        return "\n".join(lines + [f"{ind}id: L", f"{ind}name: {{en: leaf}}", f"{ind}column: x",
                                  f"{ind}range: [0, 1]"]) + "\n"

    assert load_system(tree(18)).depth == 18
    err = raises(tree(19))
    assert (err.key, err.params["limit"]) == ("yaml_too_deep", 40)
