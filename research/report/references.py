"""The reference list of the report: every work the text and the table notes cite, once, in APA 7 order.

The sections that keep their own catalogue (:mod:`.process_text`, :mod:`.wlsmv_text`, :mod:`.ordinal_text`,
:mod:`.evaluation_text`, :mod:`.trend_text`) are joined here with :data:`REFERENCES`, the works of the core
report (:mod:`.text`, :mod:`.tables` and the notes of :mod:`research.tables` they print) and of the PLS-SEM
sections (:mod:`.pls_text`, :mod:`.pls_tables`).  :func:`listed` reads the report as it is written — every
paragraph before the list and every table's title, columns, cells and note — and returns the entries of the
works cited there, and only those.

A work is recognised in each form the report writes it: parenthetical "(Kaiser, 1974)", narrative "Hu and
Bentler (1999)" / "Hu 与 Bentler（1999）", without the comma ("Chen 2007"), with "et al." or with every author
("Podsakoff, MacKenzie, Lee & Podsakoff 2003"); two catalogue keys with the same authors and year are one
citation.  One citation names one work per report: "Hair et al., 2019" is Hair, Black, Babin and Anderson's
*Multivariate Data Analysis* in a CB-SEM report (loadings ≥ .50 / ≥ .70) and Hair, Risher, Sarstedt and
Ringle's reporting guidelines in a PLS-SEM report (:data:`PLS_REFERENCES`).
"""
from __future__ import annotations

import re
import unicodedata

_MDA = ("Hair, J. F., Black, W. C., Babin, B. J., & Anderson, R. E. (2019). Multivariate data analysis (8th ed.). "
        "Cengage Learning.")
_PLS_REPORTING = ("Hair, J. F., Risher, J. J., Sarstedt, M., & Ringle, C. M. (2019). When to use and how to report "
                  "the results of PLS-SEM. European Business Review, 31(1), 2–24. "
                  "https://doi.org/10.1108/EBR-11-2018-0203")
_PODSAKOFF = ("Podsakoff, P. M., MacKenzie, S. B., Lee, J.-Y., & Podsakoff, N. P. (2003). Common method biases in "
              "behavioral research: A critical review of the literature and recommended remedies. Journal of Applied "
              "Psychology, 88(5), 879–903. https://doi.org/10.1037/0021-9010.88.5.879")
_LIANG = ("Liang, H., Saraf, N., Hu, Q., & Xue, Y. (2007). Assimilation of enterprise systems: The effect of "
          "institutional pressures and the mediating role of top management. MIS Quarterly, 31(1), 59–87. "
          "https://doi.org/10.2307/25148781")
_LIN = ("Lin, G.-C., Wen, Z., Marsh, H. W., & Lin, H.-S. (2010). Structural equation models of latent interactions: "
        "Clarification of orthogonalizing and double-mean-centering strategies. Structural Equation Modeling, 17(3), "
        "374–391. https://doi.org/10.1080/10705511.2010.488999")
_LITTLE = ("Little, T. D., Bovaird, J. A., & Widaman, K. F. (2006). On the merits of orthogonalizing powered and "
           "product terms: Implications for modeling interactions among latent variables. Structural Equation "
           "Modeling, 13(4), 497–519. https://doi.org/10.1207/s15328007sem1304_1")
_BYRNE = ("Byrne, B. M., Shavelson, R. J., & Muthén, B. (1989). Testing for the equivalence of factor covariance and "
          "mean structures: The issue of partial measurement invariance. Psychological Bulletin, 105(3), 456–466. "
          "https://doi.org/10.1037/0033-2909.105.3.456")
_HTMT = ("Henseler, J., Ringle, C. M., & Sarstedt, M. (2015). A new criterion for assessing discriminant validity in "
         "variance-based structural equation modeling. Journal of the Academy of Marketing Science, 43(1), 115–135. "
         "https://doi.org/10.1007/s11747-014-0403-8")
_MICOM = ("Henseler, J., Ringle, C. M., & Sarstedt, M. (2016). Testing measurement invariance of composites using "
          "partial least squares. International Marketing Review, 33(3), 405–431. "
          "https://doi.org/10.1108/IMR-09-2014-0304")
_PLS_MGA = ("Henseler, J., Ringle, C. M., & Sinkovics, R. R. (2009). The use of partial least squares path modeling in "
            "international marketing. Advances in International Marketing, 20, 277–319. "
            "https://doi.org/10.1108/S1474-7979(2009)0000020014")
_MGA_METHODS = ("Sarstedt, M., Henseler, J., & Ringle, C. M. (2011). Multigroup analysis in partial least squares (PLS) "
                "path modeling: Alternative methods and empirical results. Advances in International Marketing, 22, "
                "195–218. https://doi.org/10.1108/S1474-7979(2011)0000022012")
_NITZL = ("Nitzl, C., Roldán, J. L., & Cepeda, G. (2016). Mediation analysis in partial least squares path modeling: "
          "Helping researchers discuss more sophisticated models. Industrial Management & Data Systems, 116(9), "
          "1849–1864. https://doi.org/10.1108/IMDS-07-2015-0302")

# citation as the report writes it → APA 7 entry: the core report (CB-SEM), its tables and the PLS-SEM sections
REFERENCES = {
    # the data and the measurement model
    "Kaiser, 1974": "Kaiser, H. F. (1974). An index of factorial simplicity. Psychometrika, 39(1), 31–36. "
                    "https://doi.org/10.1007/BF02291575",
    "Bartlett, 1950": "Bartlett, M. S. (1950). Tests of significance in factor analysis. British Journal of "
                      "Psychology, Statistical Section, 3(2), 77–85. "
                      "https://doi.org/10.1111/j.2044-8317.1950.tb00285.x",
    "Mardia, 1970": "Mardia, K. V. (1970). Measures of multivariate skewness and kurtosis with applications. "
                    "Biometrika, 57(3), 519–530. https://doi.org/10.1093/biomet/57.3.519",
    "Bentler, 2005": "Bentler, P. M. (2005). EQS 6 structural equations program manual. Multivariate Software.",
    "Nunnally, 1978": "Nunnally, J. C. (1978). Psychometric theory (2nd ed.). McGraw-Hill.",
    "Thurstone, 1935": "Thurstone, L. L. (1935). The vectors of mind: Multiple-factor analysis for the isolation of "
                       "primary traits. University of Chicago Press.",
    "Bagozzi & Yi, 1988": "Bagozzi, R. P., & Yi, Y. (1988). On the evaluation of structural equation models. Journal "
                          "of the Academy of Marketing Science, 16(1), 74–94. https://doi.org/10.1007/BF02723327",
    "Fornell & Larcker, 1981": "Fornell, C., & Larcker, D. F. (1981). Evaluating structural equation models with "
                               "unobservable variables and measurement error. Journal of Marketing Research, 18(1), "
                               "39–50. https://doi.org/10.1177/002224378101800104",
    "Hair et al., 2019": _MDA,
    "Hair, Black, Babin & Anderson, 2019": _MDA,
    "Henseler et al., 2015": _HTMT,
    "Henseler, Ringle & Sarstedt, 2015": _HTMT,
    # common method bias
    "Podsakoff et al., 2003": _PODSAKOFF,
    "Podsakoff, MacKenzie, Lee & Podsakoff, 2003": _PODSAKOFF,
    "Liang et al., 2007": _LIANG,
    "Liang, Saraf, Hu & Xue, 2007": _LIANG,
    "Lindell & Whitney, 2001": "Lindell, M. K., & Whitney, D. J. (2001). Accounting for common method variance in "
                               "cross-sectional research designs. Journal of Applied Psychology, 86(1), 114–121. "
                               "https://doi.org/10.1037/0021-9010.86.1.114",
    "Kock & Lynn, 2012": "Kock, N., & Lynn, G. S. (2012). Lateral collinearity and misleading results in "
                         "variance-based SEM: An illustration and recommendations. Journal of the Association for "
                         "Information Systems, 13(7), 546–580. https://doi.org/10.17705/1jais.00302",
    "Kock, 2015": "Kock, N. (2015). Common method bias in PLS-SEM: A full collinearity assessment approach. "
                  "International Journal of e-Collaboration, 11(4), 1–10. https://doi.org/10.4018/ijec.2015100101",
    "Cheung & Rensvold, 2002": "Cheung, G. W., & Rensvold, R. B. (2002). Evaluating goodness-of-fit indexes for "
                               "testing measurement invariance. Structural Equation Modeling, 9(2), 233–255. "
                               "https://doi.org/10.1207/S15328007SEM0902_5",
    # fit, effects, latent interactions, invariance
    "Hu & Bentler, 1999": "Hu, L., & Bentler, P. M. (1999). Cutoff criteria for fit indexes in covariance structure "
                          "analysis: Conventional criteria versus new alternatives. Structural Equation Modeling, "
                          "6(1), 1–55. https://doi.org/10.1080/10705519909540118",
    "Kline, 2016": "Kline, R. B. (2016). Principles and practice of structural equation modeling (4th ed.). "
                   "Guilford Press.",
    "Jöreskog & Sörbom, 1984": "Jöreskog, K. G., & Sörbom, D. (1984). LISREL VI user's guide (3rd ed.). Scientific "
                               "Software.",
    "Sobel, 1982": "Sobel, M. E. (1982). Asymptotic confidence intervals for indirect effects in structural equation "
                   "models. Sociological Methodology, 13, 290–312. https://doi.org/10.2307/270723",
    "Lin et al., 2010": _LIN,
    "Lin, Wen, Marsh & Lin, 2010": _LIN,
    "Little et al., 2006": _LITTLE,
    "Little, Bovaird & Widaman, 2006": _LITTLE,
    "Brosseau-Liard & Savalei, 2014": "Brosseau-Liard, P. E., & Savalei, V. (2014). Adjusting incremental fit "
                                      "indices for nonnormality. Multivariate Behavioral Research, 49(5), 460–470. "
                                      "https://doi.org/10.1080/00273171.2014.933697",
    "Byrne et al., 1989": _BYRNE,
    "Byrne, Shavelson & Muthén, 1989": _BYRNE,
    # drivers, importance–performance, segments
    "Johnson, 2000": "Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor "
                     "variables in multiple regression. Multivariate Behavioral Research, 35(1), 1–19. "
                     "https://doi.org/10.1207/S15327906MBR3501_1",
    "Martilla & James, 1977": "Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. Journal of "
                              "Marketing, 41(1), 77–79. https://doi.org/10.1177/002224297704100112",
    "Benjamini & Hochberg, 1995": "Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: A "
                                  "practical and powerful approach to multiple testing. Journal of the Royal "
                                  "Statistical Society: Series B (Methodological), 57(1), 289–300. "
                                  "https://doi.org/10.1111/j.2517-6161.1995.tb02031.x",
    # the random-index tables an AHP consistency table may name
    "Saaty, 2005": "Saaty, T. L. (2005). Theory and applications of the analytic network process: Decision making "
                   "with benefits, opportunities, costs, and risks. RWS Publications.",
    "Donegan & Dodd, 1991": "Donegan, H. A., & Dodd, F. J. (1991). A note on Saaty's random indexes. Mathematical "
                            "and Computer Modelling, 15(10), 135–137. https://doi.org/10.1016/0895-7177(91)90098-R",
    # PLS-SEM
    "Hair, Risher, Sarstedt & Ringle, 2019": _PLS_REPORTING,
    "Dijkstra & Henseler, 2015": "Dijkstra, T. K., & Henseler, J. (2015). Consistent partial least squares path "
                                 "modeling. MIS Quarterly, 39(2), 297–316. "
                                 "https://doi.org/10.25300/MISQ/2015/39.2.02",
    "Henseler et al., 2014": "Henseler, J., Dijkstra, T. K., Sarstedt, M., Ringle, C. M., Diamantopoulos, A., "
                             "Straub, D. W., Ketchen, D. J., Jr., Hair, J. F., Hult, G. T. M., & Calantone, R. J. "
                             "(2014). Common beliefs and reality about PLS: Comments on Rönkkö and Evermann (2013). "
                             "Organizational Research Methods, 17(2), 182–209. "
                             "https://doi.org/10.1177/1094428114526928",
    "Henseler et al., 2016": _MICOM,
    "Henseler, Ringle & Sarstedt, 2016": _MICOM,
    "Henseler et al., 2009": _PLS_MGA,
    "Henseler, Ringle & Sinkovics, 2009": _PLS_MGA,
    "Sarstedt et al., 2011": _MGA_METHODS,
    "Sarstedt, Henseler & Ringle, 2011": _MGA_METHODS,
    "Chin & Dibbern, 2010": "Chin, W. W., & Dibbern, J. (2010). An introduction to a permutation based procedure for "
                            "multi-group PLS analysis: Results of tests of differences on simulated data and a cross "
                            "cultural analysis of the sourcing of information system services between Germany and "
                            "the USA. In V. Esposito Vinzi, W. W. Chin, J. Henseler, & H. Wang (Eds.), Handbook of "
                            "partial least squares: Concepts, methods and applications (pp. 171–193). Springer. "
                            "https://doi.org/10.1007/978-3-540-32827-8_8",
    "Franke & Sarstedt, 2019": "Franke, G., & Sarstedt, M. (2019). Heuristics versus statistics in discriminant "
                               "validity testing: A comparison of four procedures. Internet Research, 29(3), 430–447. "
                               "https://doi.org/10.1108/IntR-12-2017-0515",
    "Cohen, 1988": "Cohen, J. (1988). Statistical power analysis for the behavioral sciences (2nd ed.). Lawrence "
                   "Erlbaum Associates.",
    "Nitzl et al., 2016": _NITZL,
    "Nitzl, Roldán & Cepeda, 2016": _NITZL,
    "Ringle & Sarstedt, 2016": "Ringle, C. M., & Sarstedt, M. (2016). Gain more insight from your PLS-SEM results: "
                               "The importance-performance map analysis. Industrial Management & Data Systems, "
                               "116(9), 1865–1886. https://doi.org/10.1108/IMDS-10-2015-0449",
    "Shmueli et al., 2019": "Shmueli, G., Sarstedt, M., Hair, J. F., Cheah, J.-H., Ting, H., Vaithilingam, S., & "
                            "Ringle, C. M. (2019). Predictive model assessment in PLS-SEM: Guidelines for using "
                            "PLSpredict. European Journal of Marketing, 53(11), 2322–2347. "
                            "https://doi.org/10.1108/EJM-02-2019-0189",
    "Liengaard et al., 2021": "Liengaard, B. D., Sharma, P. N., Hult, G. T. M., Jensen, M. B., Sarstedt, M., "
                              "Hair, J. F., & Ringle, C. M. (2021). Prediction: Coveted, yet forsaken? Introducing a "
                              "cross-validated predictive ability test in partial least squares path modeling. "
                              "Decision Sciences, 52(2), 362–392. https://doi.org/10.1111/deci.12445",
}

# a PLS-SEM report: the same citation names the PLS-SEM work (Hair et al., 2019 = the reporting guidelines)
PLS_REFERENCES = {"Hair et al., 2019": _PLS_REPORTING}

# other forms of works in the sections' own catalogues → their key there
ALIASES = {
    "Rhemtulla, Brosseau-Liard & Savalei, 2012": "Rhemtulla et al., 2012",
    "Zhao, Lynch & Chen, 2010": "Zhao et al., 2010",
    "Lindeman, Merenda & Gold, 1980": "Lindeman et al., 1980",
    "Diakoulaki, Mavrotas & Papayannakis, 1995": "Diakoulaki et al., 1995",
    "Muthén et al., 1997": "Muthén, du Toit & Spisic, 1997",
    "Zumbo et al., 2007": "Zumbo, Gadermann & Zeisser, 2007",
}

# ----------------------------------------------------------------------------------------------
# recognising citations
# ----------------------------------------------------------------------------------------------
_LETTER = "A-Za-z\u00c0-\u024f"
# a surname: capitalised, letters, apostrophes and hyphens, ending in a lower-case letter (so "G1" or "HTMT" is
# none), after an optional particle ("du Toit")
_NAME = rf"(?:(?:du|de|van|von|der|den|le|la) )*[A-Z\u00c0-\u00de][{_LETTER}'’\-]*[a-z\u00df-\u024f]"
_JOIN = r"(?:,? & |,? and | ?[与與和] ?|, )"
CITATION = re.compile(rf"(?<![{_LETTER}])(?P<authors>{_NAME}(?:{_JOIN}{_NAME})*(?: et al\.)?)(?:['’]s)?"
                      rf"(?:, ?| ?[(（] ?| )(?P<year>(?:19|20)\d\d[a-z]?)(?![\d])")
_SPLIT = re.compile(_JOIN)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def parse(citation: str) -> tuple | None:
    """"Hu and Bentler (1999)" → (("Hu", "Bentler"), False, "1999"); "Hair et al., 2019" → (("Hair",), True,
    "2019"); None when ``citation`` is not one citation."""
    m = CITATION.fullmatch(_norm(citation.strip()).rstrip(")）"))
    return _key(m) if m else None


def _key(m) -> tuple:
    authors = m.group("authors")
    et_al = authors.endswith(" et al.")
    if et_al:
        authors = authors[: -len(" et al.")]
    return tuple(a for a in _SPLIT.split(authors) if a), et_al, m.group("year")


def citations(text: str) -> list[tuple]:
    """The citations in ``text``, each as (surnames, et al., year), in order."""
    return [_key(m) for m in CITATION.finditer(_norm(text))]


# ----------------------------------------------------------------------------------------------
# the catalogue and the list
# ----------------------------------------------------------------------------------------------
def catalogue(pls: bool = False) -> dict:
    """(surnames, et al., year) → APA 7 entry: the sections' catalogues and :data:`REFERENCES` (with
    :data:`PLS_REFERENCES` in a PLS-SEM report) and :data:`ALIASES`.  Two keys of one citation with different
    entries (the same work written twice, or two works under one citation) keep one entry: the core catalogue's
    over a section's, :data:`PLS_REFERENCES` over both in a PLS-SEM report."""
    from . import evaluation_text, ordinal_text, process_text, trend_text, wlsmv_text

    out = {}
    for source in (process_text.REFERENCES, wlsmv_text.REFERENCES, ordinal_text.REFERENCES,
                   evaluation_text.REFERENCES, trend_text.REFERENCES, REFERENCES,
                   PLS_REFERENCES if pls else {}):
        for cite, entry in source.items():
            out[parse(cite)] = entry
    for cite, canonical in ALIASES.items():
        out.setdefault(parse(cite), out[parse(canonical)])
    return out


def _order(entry: str) -> tuple:
    """APA order: by the authors' names letter by letter, accents aside ("Jöreskog" as "Joreskog"), so a single
    author precedes the same author with others, then by year."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", entry) if not unicodedata.combining(ch))
    return plain.casefold(), entry


def cited(texts, references: dict) -> list[str]:
    """The entries of ``references`` (:func:`catalogue`) that ``texts`` cite, each once, in reference-list order."""
    found = {references.get(key) for text in texts for key in citations(text or "")}
    return sorted((entry for entry in found if entry is not None), key=_order)


def table_texts(c, tables=None) -> list[str]:
    """Every text of the report's tables — title, column heads, cells and note — of :mod:`.tables`,
    :mod:`.process_tables`, :mod:`.evaluation_tables` and :mod:`.trend_tables`, as the report writes them
    (``tables``: those already built, else built here)."""
    if tables is None:
        from .evaluation_tables import evaluation_report_tables
        from .process_tables import process_report_tables
        from .tables import report_tables
        from .trend_tables import trend_report_tables

        tables = []
        for build in (lambda: report_tables(c.d, c.lang, names=c.names),
                      lambda: process_report_tables(c.d, c.lang, c.names),
                      lambda: evaluation_report_tables(c.d, c.lang),
                      lambda: trend_report_tables(c.d, c.lang)):
            try:
                tables += build()
            except (TypeError, ValueError, KeyError, AttributeError, IndexError, ZeroDivisionError):
                continue          # a damaged part: research.report.report refuses the whole report
    out = []
    for t in tables:
        out += [t.title, *map(str, t.columns), *(str(cell) for row in t.rows for cell in row), t.note or ""]
    return out


def listed(c, sections, tables=None) -> list[str]:
    """The reference list of the report: the entries of every work cited by ``sections`` (the results text
    before the list, ``[{"key", "heading", "paragraphs"}, ...]``) and by the report's tables (``tables``, or
    built here), alphabetically."""
    texts = [p for s in sections for p in s["paragraphs"]] + table_texts(c, tables)
    return cited(texts, catalogue(c.pls))


# ----------------------------------------------------------------------------------------------
# italics: what APA 7 sets in italic type in an entry (section 9.19 and the examples of chapter 10)
_YEAR = re.compile(r"\(\d{4}[a-z]?\)\. ")
# a periodical: "... Title. Journal Name, 31(1), 2–24. https://doi.org/..." — the name and the volume are italic
_PERIODICAL = re.compile(r"(?<=[.?!] )(?P<journal>[^.?!]+?), (?P<volume>\d+)(?:\([^)]*\))?, [\w–-]+\.(?: \S+)?$")
# a chapter: "... In A. Editor & B. Editor (Eds.), Book title (pp. 171–193). Publisher." — the book's title
_CHAPTER = re.compile(r" In [^()]+ \(Eds?\.\), (?P<book>.+?) \(pp\. ")
# after a book's title, not italic: the edition "(8th ed.)" or a description "[Unpublished technical report]"
_TITLE_END = re.compile(r" \((?:\d+(?:st|nd|rd|th) ed\.|Version [^)]*)\)| \[")


def italic_spans(entry: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of ``entry`` (an APA 7 reference as the catalogues write it) that are
    set in italics: a periodical's name and volume; the title of a book, report or software (not its edition
    or bracketed description); the title of the edited book a chapter is in.  An entry of none of these forms
    gets no italics."""
    m = _PERIODICAL.search(entry)
    if m:
        return [m.span("journal"), m.span("volume")]
    m = _CHAPTER.search(entry)
    if m:
        return [m.span("book")]
    year = _YEAR.search(entry)
    if not year:
        return []
    start = year.end()
    body = re.sub(r" https?://\S+$", "", entry)
    end = body.rfind(". ", start, len(body) - 1)          # the title ends before the last sentence: the publisher
    if end <= start:
        return []
    cut = _TITLE_END.search(body, start, end + 1)
    return [(start, cut.start() if cut else end)]


def styled(entry: str) -> list[tuple[str, bool]]:
    """``entry`` cut into (text, italic) runs by :func:`italic_spans`, for the writers of the report."""
    runs, at = [], 0
    for a, b in italic_spans(entry):
        runs += [(entry[at:a], False), (entry[a:b], True)]
        at = b
    runs.append((entry[at:], False))
    return [(text, italic) for text, italic in runs if text]
