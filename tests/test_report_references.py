"""The report's reference list (research.report.references): every work the text and the tables cite is listed, once,
alphabetically, and nothing else.

Real analyses of the bundled sample (ML with path, mediation and moderation hypotheses and a marker item, a latent
interaction, groups with measurement invariance, MLR, WLSMV, PLS-SEM with PLSpredict and PLSc, the evaluation
index with TOPSIS and with CRITIC weights) are read back from JSON as a results.json is; their Markdown reports are
read as a reader sees them.  The citations are found here with a regex of this file — surnames, "et al.", "&" /
"and" / 与 / 與, the year after a comma, a space or an opening parenthesis — and each is matched to an entry of the
list by its authors and year; each entry must be cited.
"""
from __future__ import annotations

import html
import json
import re
import unicodedata

import pytest

import research
from conftest import ROOT
from research.report import references as R
from research.report import report
from research.report.text import results_text

SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
LANGS = ("en", "zh-Hans", "zh-Hant")
HEADING = {"en": "References", "zh-Hans": "参考文献", "zh-Hant": "參考文獻"}
HYPOTHESES = ["H1: REL -> SAT, +", "H2: SAT -> LOY, +", "H3: REL -> SAT -> LOY", "H4: REL -> SAT moderated by EMP, +",
              "H5: ECO -> LOY, +"]
INTERACTION = ("REL =~ REL1 + REL2 + REL3 + REL4\nEMP =~ EMP1 + EMP2 + EMP3 + EMP4\nSAT =~ SAT1 + SAT2 + SAT3\n"
               "SAT ~ REL + EMP + REL:EMP")
RUNS = {
    "ml": dict(bootstrap=50, hypotheses=HYPOTHESES, marker="FREQ"),
    "interaction": dict(bootstrap=0, model=INTERACTION),
    "groups": dict(bootstrap=0, group="PLATFORM", search_partial=True),
    "mlr": dict(bootstrap=0, estimator="MLR", group="GENDER", hypotheses=HYPOTHESES[:3]),
    "wlsmv": dict(bootstrap=50, estimator="WLSMV", hypotheses=HYPOTHESES[:3]),
    "pls": dict(bootstrap=50, method="pls", hypotheses=HYPOTHESES, predict=True, consistent=True),
    "evaluation": dict(bootstrap=0, evaluation={"system": "lsq5-index"}, group="PLATFORM"),
    "critic": dict(bootstrap=0, evaluation={"system": "lsq5-index", "weights": "critic"}),
    "ahp": dict(bootstrap=0, evaluation={"system": "lsq5-index", "weights": "ahp",
                                         "ahp": [str(ROOT / "datasets" / f"lsq5_ahp_expert{i}.xlsx") for i in (1, 2, 3)]}),
    # two segments whose item a2 reads 0.6 SD higher in the second at the same level of A: full scalar invariance
    # fails, the score test releases a2's intercept (partial invariance, Byrne et al. 1989)
    "partial": dict(bootstrap=0, data="partial", model="A =~ a1 + a2 + a3 + a4\nB =~ b1 + b2 + b3 + b4\nB ~ A",
                    group="SEG", search_partial=True),
}


def _partial_data():
    from research.simulate import PopulationModel, simulate_continuous

    m = PopulationModel(loadings={"a1": .8, "a2": .75, "a3": .7, "a4": .75, "b1": .8, "b2": .75, "b3": .7, "b4": .7},
                        constructs={"A": ["a1", "a2", "a3", "a4"], "B": ["b1", "b2", "b3", "b4"]},
                        paths={("B", "A"): .5})
    x = simulate_continuous(m, n=600, seed=7)
    x["SEG"] = [1] * 300 + [2] * 300
    x.loc[x["SEG"] == 2, "a2"] += 0.6
    return x

# a citation as an APA report writes it: surnames (a particle such as "du" allowed; "MacKenzie", "Brosseau-Liard",
# "Jöreskog"), joined by ", " "&" "and" 与 與, maybe "et al.", then the year after ", ", " ", " (" or "（"
SURNAME = r"(?:(?:du|de|van|von) )?[A-ZÀ-Ö][a-zß-ÿ]+(?:[A-Z][a-zß-ÿ]+)?(?:-[A-Z][a-zß-ÿ]+)?"
CITATION = re.compile(rf"(?<![A-Za-zÀ-ÿ])(?P<names>{SURNAME}(?:(?:, & |, | & | and | ?[与與] ?){SURNAME})*)"
                      rf"(?P<etal> et al\.)?(?:'s)?(?:, | \(|（| )(?P<year>(?:19|20)\d\d)(?!\d)")


def _citations(text: str) -> set:
    """{(surnames, et al., year)} of every citation in ``text``."""
    out = set()
    for m in CITATION.finditer(text):
        names = tuple(n for n in re.split(r", & |, | & | and | ?[与與] ?", m.group("names")) if n)
        out.add((names, bool(m.group("etal")), m.group("year")))
    return out


def _authors(entry: str) -> tuple[str, str, int]:
    """(the authors as written, year, number of authors) of an APA entry."""
    m = re.match(r"(?P<authors>.+?) \((?P<year>(?:19|20)\d\d)\)\. ", entry)
    assert m, entry
    authors = m.group("authors").replace(", Jr.", "")
    return authors, m.group("year"), len(re.split(r"\., (?:& )?", authors))


def _matches(citation, entry: str) -> bool:
    """A citation names the entry: same year, its first author first, every cited surname among the authors, and
    "et al." for three or more authors, else as many names as authors."""
    names, et_al, year = citation
    authors, entry_year, n = _authors(entry)
    return (year == entry_year and authors.startswith(names[0] + ", ") and all(x in authors for x in names)
            and (n >= 3 if et_al else n == len(names)))


def _order(entry: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", entry) if not unicodedata.combining(ch)).casefold()


@pytest.fixture(scope="module")
def results():
    """The analyses as a results.json holds them."""
    out = {}
    for key, options in RUNS.items():
        options = dict(options)
        data = options.pop("data", None)
        source = dict(data=_partial_data()) if data == "partial" else dict(data=SAMPLE, questionnaire="lsq5")
        out[key] = json.loads(research.analyze(source.pop("data"), seed=1, **source, **options).to_json())
    return out


def _listed(d: dict, lang: str) -> list[str]:
    found = [s for s in results_text(d, lang) if s["key"] == "process_references"]
    assert len(found) == 1 and found[0]["heading"] == HEADING[lang]
    return found[0]["paragraphs"]


def _reader_text(out: str) -> str:
    """A Markdown report as the page shows it: emphasis marks (unescaped ``*``) gone, escapes and entities resolved."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", re.sub(r"(?<!\\)\*", "", out)))


# ----------------------------------------------------------------------------------------------
# every citation of the text and the tables is listed; every entry is cited; once each, alphabetically
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", list(RUNS))
def test_the_list_holds_every_cited_work_and_only_those(results, case, lang):
    d = results[case]
    refs = _listed(d, lang)
    text = _reader_text(report(d, language=lang, format="md", figures=False))
    assert text.index(f"## {HEADING[lang]}") < text.index(refs[0])
    body = text
    for entry in refs:                                   # the report without its list: text, table cells and notes
        assert text.count(entry) == 1, entry
        body = body.replace(entry, " ")
    cites = _citations(body)
    assert len(cites) >= 20, cites
    unlisted = [c for c in cites if sum(_matches(c, e) for e in refs) != 1]
    assert not unlisted, unlisted
    uncited = [e[:60] for e in refs if not any(_matches(c, e) for c in cites)]
    assert not uncited, uncited
    assert len(set(refs)) == len(refs) and refs == sorted(refs, key=_order)


def test_the_core_works_are_listed(results):
    """The works the core sections cite, which the list used to leave out."""
    starts = lambda d: {e.split(" (")[0] for e in _listed(d, "en")}      # noqa: E731
    ml = starts(results["ml"])
    for authors in ("Kaiser, H. F.", "Bartlett, M. S.", "Mardia, K. V.", "Bentler, P. M.", "Nunnally, J. C.",
                    "Bagozzi, R. P., & Yi, Y.", "Fornell, C., & Larcker, D. F.",
                    "Hair, J. F., Black, W. C., Babin, B. J., & Anderson, R. E.",
                    "Henseler, J., Ringle, C. M., & Sarstedt, M.",
                    "Hu, L., & Bentler, P. M.", "Podsakoff, P. M., MacKenzie, S. B., Lee, J.-Y., & Podsakoff, N. P.",
                    "Cheung, G. W., & Rensvold, R. B.", "Liang, H., Saraf, N., Hu, Q., & Xue, Y.",
                    "Lindell, M. K., & Whitney, D. J.", "Kock, N., & Lynn, G. S.", "Kock, N.", "Kline, R. B.",
                    "Jöreskog, K. G., & Sörbom, D.", "Lindeman, R. H., Merenda, P. F., & Gold, R. Z.",
                    "Johnson, J. W.", "Martilla, J. A., & James, J. C.", "Joanes, D. N., & Gill, C. A.",
                    "Preacher, K. J., & Hayes, A. F.", "Zhao, X., Lynch, J. G., Jr., & Chen, Q."):
        assert authors in ml, authors
    assert {"Lin, G.-C., Wen, Z., Marsh, H. W., & Lin, H.-S.", "Sobel, M. E."} <= starts(results["interaction"])
    assert {"Chen, F. F.", "Holm, S."} <= starts(results["groups"])               # invariance; segment tests
    assert "Brosseau-Liard, P. E., & Savalei, V." in starts(results["mlr"])
    assert {"Muthén, B., du Toit, S. H. C., & Spisic, D.", "Savalei, V."} <= starts(results["wlsmv"])
    pls = starts(results["pls"])
    for authors in ("Dijkstra, T. K., & Henseler, J.", "Cohen, J.", "Franke, G., & Sarstedt, M.",
                    "Nitzl, C., Roldán, J. L., & Cepeda, G.", "Ringle, C. M., & Sarstedt, M.",
                    "Liengaard, B. D., Sharma, P. N., Hult, G. T. M., Jensen, M. B., Sarstedt, M., Hair, J. F., & "
                    "Ringle, C. M.", "Shmueli, G., Sarstedt, M., Hair, J. F., Cheah, J.-H., Ting, H., Vaithilingam, "
                    "S., & Ringle, C. M."):
        assert authors in pls, authors
    assert {"Hwang, C.-L., & Yoon, K.", "Deng, J.-L."} <= starts(results["evaluation"])
    assert "Diakoulaki, D., Mavrotas, G., & Papayannakis, L." in starts(results["critic"])


def test_hair_et_al_2019_is_one_work_in_each_kind_of_report(results):
    """In a CB-SEM report "Hair et al., 2019" (loadings ≥ .50 acceptable, ≥ .70 ideal) is Multivariate Data
    Analysis; in a PLS-SEM report it is the PLS-SEM reporting guidelines; never both."""
    cb = [e for e in _listed(results["ml"], "en") if e.startswith("Hair, ")]
    pls = [e for e in _listed(results["pls"], "zh-Hant") if e.startswith("Hair, ")]
    assert cb == ["Hair, J. F., Black, W. C., Babin, B. J., & Anderson, R. E. (2019). Multivariate data analysis "
                  "(8th ed.). Cengage Learning."]
    assert pls == ["Hair, J. F., Risher, J. J., Sarstedt, M., & Ringle, C. M. (2019). When to use and how to report "
                   "the results of PLS-SEM. European Business Review, 31(1), 2–24. "
                   "https://doi.org/10.1108/EBR-11-2018-0203"]


# ----------------------------------------------------------------------------------------------
# the forms of a citation
# ----------------------------------------------------------------------------------------------
def test_each_form_of_a_citation_names_its_work():
    cat = R.catalogue()
    kaiser = [R.REFERENCES["Kaiser, 1974"]]
    for form in ("(Kaiser, 1974)", "Kaiser (1974) showed", "（Kaiser, 1974）", "Kaiser（1974）", "KMO (Kaiser 1974)"):
        assert R.cited([form], cat) == kaiser, form
    hu = [R.REFERENCES["Hu & Bentler, 1999"]]
    for form in ("Hu and Bentler (1999)", "Hu 与 Bentler（1999）", "Hu 與 Bentler（1999）", "(CFI; Hu & Bentler, 1999)"):
        assert R.cited([form], cat) == hu, form
    # all authors or "et al.": one work, listed once
    assert R.cited(["(Podsakoff, MacKenzie, Lee & Podsakoff 2003)", "Podsakoff et al. (2003)"], cat) == \
        [R.REFERENCES["Podsakoff et al., 2003"]]
    assert R.cited(["Henseler, Ringle & Sarstedt 2015", "(Henseler et al., 2015)"], cat) == \
        [R.REFERENCES["Henseler et al., 2015"]]
    assert R.cited(["(Lindeman, Merenda & Gold 1980)"], cat) == [R.catalogue()[R.parse("Lindeman et al., 1980")]]
    # a list of citations; a label before the authors; "Chen 2007" without the comma
    got = R.cited(["(G1, Joanes & Gill, 1998; HC3; Hayes & Cai, 2007)", "invariance (Chen 2007; Cheung & Rensvold "
                   "2002)", "Muthén, du Toit & Spisic (1997)"], cat)
    assert [e.split(" (")[0] for e in got] == ["Chen, F. F.", "Cheung, G. W., & Rensvold, R. B.",
                                               "Hayes, A. F., & Cai, L.", "Joanes, D. N., & Gill, C. A.",
                                               "Muthén, B., du Toit, S. H. C., & Spisic, D."]
    # another author list or another year is another work: no entry
    for other in ("(Rucker & Hayes, 2022)", "(Hayes, 2021)", "Kock & Lynn (2015)", "Kaiser et al. (1974)",
                  "(Smith, 2011)", "Q1 2024", "HTMT (2015)"):
        assert R.cited([other], cat) == [], other
    assert R.parse("Hu and Bentler (1999)") == (("Hu", "Bentler"), False, "1999")
    assert R.parse("Hair et al., 2019") == (("Hair",), True, "2019")
    assert R.parse("no citation") is None


def test_a_report_without_citations_has_no_list():
    assert [s["key"] for s in results_text({"n": 10}, "en")] == ["sample"]
    assert R.cited(["N = 300 respondents in 2024."], R.catalogue()) == []


# ----------------------------------------------------------------------------------------------
# the catalogue: every key names its entry; APA 7 entries
# ----------------------------------------------------------------------------------------------
def _all_keys():
    from research.report import evaluation_text, ordinal_text, process_text, trend_text, wlsmv_text
    keys = []
    for source in (process_text.REFERENCES, wlsmv_text.REFERENCES, ordinal_text.REFERENCES,
                   evaluation_text.REFERENCES, trend_text.REFERENCES, R.REFERENCES, R.PLS_REFERENCES):
        keys += list(source.items())
    keys += [(alias, R.catalogue()[R.parse(canonical)]) for alias, canonical in R.ALIASES.items()]
    return keys


@pytest.mark.parametrize("key, entry", _all_keys())
def test_every_key_names_the_authors_and_year_of_its_entry(key, entry):
    parsed = R.parse(key)
    assert parsed is not None, key
    assert _matches(parsed, entry), (key, entry)
    assert _citations(key) == {parsed}                    # this file's regex reads the key as the module does
    # APA 7: "Authors (Year). Title. Source." with a DOI as https://doi.org/…, no retrieval words, en dash ranges
    assert re.fullmatch(r"[^()]+ \((?:19|20)\d\d\)\. .+\.(?: https://doi\.org/10\.\d{4,5}/\S+[^.])?", entry), entry
    assert "doi:" not in entry and "Retrieved" not in entry and not re.search(r"\d-\d", entry.split("https://")[0])


def test_one_citation_one_entry_in_each_kind_of_report():
    for pls in (False, True):
        cat = R.catalogue(pls)
        dois = {}
        for entry in set(cat.values()):
            doi = re.search(r"https://doi\.org/\S+$", entry)
            if doi:
                assert dois.setdefault(doi.group(0), entry) == entry, doi.group(0)   # one work, one entry text
        assert cat[R.parse("Hair et al., 2019")].startswith("Hair, J. F., Risher" if pls else "Hair, J. F., Black")


# ----------------------------------------------------------------------------------------------
# the written report
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_written_report_carries_the_list(results, tmp_path, lang, fmt):
    from docx import Document
    from docx.shared import Mm

    d = results["ml"]
    path = tmp_path / f"report.{fmt}"
    report(d, language=lang, format=fmt, path=path, figures=False)
    if fmt == "md":
        text = _reader_text(path.read_text(encoding="utf-8"))
        lines = text.splitlines()
    else:
        lines = [p.text for p in Document(str(path)).paragraphs]
        text = "\n".join(lines)
    refs = _listed(d, lang)
    assert HEADING[lang] in lines or f"## {HEADING[lang]}" in lines
    step = 2 if fmt == "md" else 1                       # one paragraph each (Markdown: a blank line between)
    start = lines.index(refs[0])
    assert lines[start:start + step * len(refs):step] == refs
    assert "Kaiser, H. F. (1974). An index of factorial simplicity. Psychometrika, 39(1), 31–36." in text
    if fmt == "docx":                                    # APA's hanging indent: 0.5 in, the first line out
        paras = Document(str(path)).paragraphs
        listed = [p for p in paras if p.text in refs]
        assert len(listed) == len(refs)
        assert all(p.paragraph_format.left_indent == Mm(12.7) and p.paragraph_format.first_line_indent == -Mm(12.7)
                   for p in listed)
        assert paras[1].paragraph_format.first_line_indent is None          # the text's paragraphs: none


def test_the_html_report_sets_the_references_with_a_hanging_indent(results, tmp_path):
    d = results["ml"]
    path = tmp_path / "report.html"
    report(d, language="en", format="html", path=path, figures=False)
    page = path.read_text(encoding="utf-8")
    refs = _listed(d, "en")
    assert page.count('<p class="reference">') == len(refs)
    assert "p.reference { padding-left: 2em; text-indent: -2em; }" in page


# ----------------------------------------------------------------------------------------------
# APA's italics (Publication Manual, 7th ed., 9.19 and ch. 10): a periodical's name and volume, a book's title
# ----------------------------------------------------------------------------------------------
KAISER = "Kaiser, H. F. (1974). An index of factorial simplicity. Psychometrika, 39(1), 31–36. " \
         "https://doi.org/10.1007/BF02291575"
ITALICS = {
    KAISER: ["Psychometrika", "39"],
    "Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of Statistics, "
    "6(2), 65–70.": ["Scandinavian Journal of Statistics", "6"],
    # no issue number; a journal name with a colon and parentheses; a title that ends in a question mark
    "Sobel, M. E. (1982). Asymptotic confidence intervals for indirect effects in structural equation models. "
    "Sociological Methodology, 13, 290–312. https://doi.org/10.2307/270723": ["Sociological Methodology", "13"],
    "Joanes, D. N., & Gill, C. A. (1998). Comparing measures of sample skewness and kurtosis. Journal of the Royal "
    "Statistical Society: Series D (The Statistician), 47(1), 183–189. https://doi.org/10.1111/1467-9884.00122":
        ["Journal of the Royal Statistical Society: Series D (The Statistician)", "47"],
    "Saaty, T. L. (2003). Decision-making with the AHP: Why is the principal eigenvector necessary? European Journal "
    "of Operational Research, 145(1), 85–91. https://doi.org/10.1016/S0377-2217(02)00227-8":
        ["European Journal of Operational Research", "145"],
    # books: the title, not the edition; a report: not its bracketed description; a chapter: the edited book
    "Hair, J. F., Black, W. C., Babin, B. J., & Anderson, R. E. (2019). Multivariate data analysis (8th ed.). "
    "Cengage Learning.": ["Multivariate data analysis"],
    "Saaty, T. L. (1980). The analytic hierarchy process: Planning, priority setting, resource allocation. "
    "McGraw-Hill.": ["The analytic hierarchy process: Planning, priority setting, resource allocation"],
    "Hwang, C.-L., & Yoon, K. (1981). Multiple attribute decision making: Methods and applications. Springer. "
    "https://doi.org/10.1007/978-3-642-48318-9": ["Multiple attribute decision making: Methods and applications"],
    "Muthén, B., du Toit, S. H. C., & Spisic, D. (1997). Robust inference using weighted least squares and quadratic "
    "estimating equations in latent variable modeling with categorical and continuous outcomes [Unpublished "
    "technical report]. University of California, Los Angeles.":
        ["Robust inference using weighted least squares and quadratic estimating equations in latent variable "
         "modeling with categorical and continuous outcomes"],
    "Chin, W. W., & Dibbern, J. (2010). An introduction to a permutation based procedure for multi-group PLS "
    "analysis. In V. Esposito Vinzi, W. W. Chin, J. Henseler, & H. Wang (Eds.), Handbook of partial least squares: "
    "Concepts, methods and applications (pp. 171–193). Springer. https://doi.org/10.1007/978-3-540-32827-8_8":
        ["Handbook of partial least squares: Concepts, methods and applications"],
    "Not an APA entry": [],
}


@pytest.mark.parametrize("entry", list(ITALICS))
def test_italics_of_each_kind_of_entry(entry):
    runs = R.styled(entry)
    assert "".join(t for t, _ in runs) == entry
    assert [t for t, italic in runs if italic] == ITALICS[entry]


def test_every_catalogued_entry_has_its_italics():
    for entry in set(R.catalogue(False).values()) | set(R.catalogue(True).values()):
        runs = R.styled(entry)
        assert "".join(t for t, _ in runs) == entry
        italic = [t for t, i in runs if i]
        # a periodical's name and volume (a number), or one title; never the authors, the year or a DOI
        assert len(italic) in (1, 2) and (len(italic) == 1 or italic[1].isdigit()), entry
        assert not any(re.search(r"\(\d{4}\)|doi\.org|ed\.\)", t) for t in italic), entry


@pytest.mark.parametrize("fmt", ["md", "html", "tex", "docx"])
def test_each_format_sets_the_italics(results, tmp_path, fmt):
    from docx import Document

    d = results["ml"]
    refs = _listed(d, "en")
    assert KAISER in refs and any(r.startswith("Hair, J. F., Black") for r in refs)
    path = tmp_path / f"report.{fmt}"
    report(d, language="en", format=fmt, path=path, figures=False)
    if fmt == "docx":
        paras = {p.text: p for p in Document(str(path)).paragraphs}
        runs = [(r.text, bool(r.italic)) for r in paras[KAISER].runs]
        assert runs == [("Kaiser, H. F. (1974). An index of factorial simplicity. ", False), ("Psychometrika", True),
                        (", ", False), ("39", True), ("(1), 31–36. https://doi.org/10.1007/BF02291575", False)]
        hair = next(p for t, p in paras.items() if t.startswith("Hair, J. F., Black"))
        assert [r.text for r in hair.runs if r.italic] == ["Multivariate data analysis"]
        # the paragraphs of the text are not italic (the tables' titles are, as APA sets them)
        text = [p for sec in results_text(d, "en") if sec["key"] != "process_references" for p in sec["paragraphs"]]
        assert len(text) > 10 and all(t in paras for t in text)
        assert not any(r.italic for t in text for r in paras[t].runs)
        return
    out = path.read_text(encoding="utf-8")
    expected = {"md": "factorial simplicity. *Psychometrika*, *39*(1), 31–36.",
                "html": "factorial simplicity. <em>Psychometrika</em>, <em>39</em>(1), 31–36.",
                "tex": "\\noindent\\hangindent=0.5in\\hangafter=1 Kaiser, H. F. (1974). An index of factorial "
                       "simplicity. \\emph{Psychometrika}, \\emph{39}(1), 31--36."}[fmt]
    assert expected in out
    book = {"md": "*Multivariate data analysis* (8th ed.)", "html": "<em>Multivariate data analysis</em> (8th ed.)",
            "tex": "\\emph{Multivariate data analysis} (8th ed.)"}[fmt]
    assert book in out
    if fmt != "md":             # every entry's italics and nothing else (Markdown also marks the table titles so)
        assert out.count({"html": "<em>", "tex": "\\emph{"}[fmt]) == sum(len(R.italic_spans(r)) for r in refs) > len(refs)


@pytest.mark.parametrize("lang", LANGS)
def test_partial_invariance_is_said_and_cited(results, lang):
    """The search released a2's intercept: the text says partial scalar invariance and cites Byrne, Shavelson and
    Muthén (1989), whose entry the list holds."""
    d = results["partial"]
    assert d["invariance"]["measurement"]["released"]["scalar"] == ["a2 ~1"]
    seg = next(s for s in results_text(d, lang) if s["key"] == "segments")
    text = " ".join(seg["paragraphs"])
    partial = {"en": "invariance held up to the partial scalar level", "zh-Hans": "测量不变性成立至部分标量层级",
               "zh-Hant": "測量不變性成立至部分純量層級"}[lang]
    assert partial in text and "Byrne et al., 1989" in text and "a2 ~1" in text
    assert any(e.startswith("Byrne, B. M., Shavelson, R. J., & Muthén, B. (1989).") for e in _listed(d, lang))


def test_every_kind_of_results_reads_back_as_research_report_reads_it(results):
    """Each analysis's results.json passes the reader of `research report` (research.results_file.check_results):
    a text where a statistic is expected there ("robust.sem" under WLSMV, "weighted geometric mean" of group
    AHP) stopped the report of such analyses before."""
    from research.results_file import check_results

    for key, d in results.items():
        assert check_results(d) is not None, key
    assert results["wlsmv"]["estimation"]["se"] == "robust.sem"
    assert results["ahp"]["evaluation"]["ahp"]["LSQ"]["mean"] == "weighted geometric mean"
