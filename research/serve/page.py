"""The pages of the form server: the questionnaire as a mobile web form, the thank-you page, message pages.

The form shows what the printable form shows (:mod:`research.forms.layout`): the title, the intro, the
questions in print order grouped as the renderer groups them (a choice question alone, Likert rows of one
construct and scale together, attention checks among them looking like any other row, the importance
questions as a section of their own) — one column, every scale point a radio button with its label as a tap
target at least 48 px high, so it is usable on a 360 px wide phone and in WeChat's built-in browser.

Every text from the questionnaire or the request goes through :func:`research.forms.html.escape`.  The page
needs no script and loads nothing from elsewhere: the style is one inline block and the one inline script
(it only greys out the button once the form is sent, against double taps) is allowed by its hash in the
Content-Security-Policy (:data:`STYLE`, :data:`SCRIPT`).
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from ..forms.html import escape
from ..forms.layout import Choice, Grid, Section, blocks, word as print_word
from ..messages import render_message
from ..questionnaire import Questionnaire, Segment
from .validate import required

LANGUAGE_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}

WORDS = {
    "instruction": {
        "zh-Hans": "请根据您的真实感受作答，每题选择一个最符合的选项。",
        "zh-Hant": "請依您的真實感受作答，每題選一個最符合的選項。",
        "en": "Please answer as you honestly feel: choose the option that fits best for each question.",
    },
    "required_note": {"zh-Hans": "标 * 的题目为必答题。", "zh-Hant": "標 * 的題目為必答題。",
                      "en": "Questions marked * must be answered."},
    "optional": {"zh-Hans": "（选填）", "zh-Hant": "（選填）", "en": " (optional)"},
    "unanswered": {"zh-Hans": "此题尚未作答", "zh-Hant": "此題尚未作答", "en": "Not answered yet"},
    "importance_note": {
        "zh-Hans": "下面各方面对您来说有多重要？每题请选一个选项。",
        "zh-Hant": "下列各方面對您來說有多重要？每題請選一個選項。",
        "en": "How important is each of the following to you? Choose one option for each.",
    },
    "submit": {"zh-Hans": "提交问卷", "zh-Hant": "送出問卷", "en": "Submit"},
    "done_title": {"zh-Hans": "提交成功", "zh-Hant": "已成功送出", "en": "Thank you"},
    "refused_title": {"zh-Hans": "无法提交", "zh-Hant": "無法送出", "en": "Your answers could not be submitted"},
    "not_found_title": {"zh-Hans": "找不到问卷", "zh-Hant": "找不到問卷", "en": "Questionnaire not found"},
    "language": {"zh-Hans": "语言", "zh-Hant": "語言", "en": "Language"},
    "back": {"zh-Hans": "返回问卷", "zh-Hant": "返回問卷", "en": "Back to the questionnaire"},
}


def word(key: str, lang: str) -> str:
    return WORDS[key][lang]


def message(key: str, lang: str, **params) -> str:
    """A ``serve_*`` message of :mod:`research.messages`: what happened, then what to do."""
    what, fix = render_message(key, lang, params)
    return f"{what} {fix}".strip() if lang == "en" else f"{what}{fix}"


# One style block for every page and language (so one hash in the CSP); fonts chosen by the page's lang.
STYLE = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f4f5f7;color:#111;font-size:17px;line-height:1.55;
font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
html:lang(zh-Hant) body{font-family:-apple-system,"PingFang TC","Noto Sans CJK TC","Microsoft JhengHei",sans-serif}
html:lang(en) body{font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:40rem;margin:0 auto;padding:12px 12px 48px}
h1{font-size:1.3rem;line-height:1.35;margin:8px 0 12px}
h2{font-size:1.1rem;margin:24px 0 4px}
p{margin:0 0 12px}
nav.langs{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end;font-size:.95rem;margin:0 0 4px}
nav.langs a{display:inline-block;padding:8px 10px;min-height:44px;color:#0645ad}
nav.langs a[aria-current]{color:#111;font-weight:bold;text-decoration:none}
.intro{background:#fff;border-radius:10px;padding:12px}
.note{color:#444;font-size:.95rem}
.alert{background:#fdecea;border:2px solid #b3261e;color:#5f1410;border-radius:10px;padding:12px;margin:0 0 16px}
fieldset.q{border:0;background:#fff;border-radius:10px;margin:0 0 12px;padding:12px}
fieldset.q.missing{outline:2px solid #b3261e}
legend{float:left;width:100%;padding:0;margin:0 0 8px;font-weight:600}
legend+*{clear:both}
.num{color:#555;margin-right:.2em}
.req{color:#b3261e}
.flag{display:block;color:#b3261e;font-size:.9rem;font-weight:normal}
.scale{display:flex;gap:4px}
.scale label{flex:1 1 0;min-width:0;min-height:56px;display:flex;flex-direction:column;align-items:center;
justify-content:flex-start;text-align:center;gap:2px;padding:6px 2px;border:1px solid #c4c7cc;border-radius:8px;
background:#fafbfc;font-size:.72rem;line-height:1.25;overflow-wrap:anywhere;cursor:pointer}
.options label{display:flex;align-items:center;gap:10px;min-height:48px;padding:8px 10px;margin:0 0 6px;
border:1px solid #c4c7cc;border-radius:8px;background:#fafbfc;cursor:pointer}
input[type=radio],input[type=checkbox]{width:22px;height:22px;margin:0;flex:none;accent-color:#0b57d0}
input:checked+span{font-weight:bold;color:#0b57d0}
input[type=text],input[type=number],textarea{width:100%;min-height:48px;font:inherit;padding:8px;
border:1px solid #8a8f98;border-radius:8px;background:#fff}
textarea{min-height:96px}
button{display:block;width:100%;min-height:52px;margin:20px 0 8px;font:inherit;font-weight:bold;color:#fff;
background:#0b57d0;border:0;border-radius:10px;cursor:pointer}
button:disabled{background:#7a8aa8}
.done{text-align:center;background:#fff;border-radius:10px;padding:24px 12px;margin-top:24px}
footer{color:#666;font-size:.8rem;text-align:center;margin-top:16px}
"""

# The only script: grey out the button once the form is on its way (after the submit has started).
SCRIPT = ('document.querySelectorAll("form.survey").forEach(function(f){f.addEventListener("submit",function(){'
          'var b=f.querySelector("button[type=submit]");setTimeout(function(){b.disabled=true;},0);});});')


def _document(lang: str, title: str, body: list[str], *, script: bool = False) -> str:
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        *body,
        "</main>",
        *([f"<script>{SCRIPT}</script>"] if script else []),
        "</body>",
        "</html>",
        "",
    ])


def form_path(slug: str, **query) -> str:
    query = {k: v for k, v in query.items() if v}
    return f"/f/{quote(slug, safe='')}" + (f"?{urlencode(query)}" if query else "")


def _languages(slug: str, languages, lang: str, token: str | None) -> str:
    if len(languages) < 2:
        return ""
    links = []
    for other in languages:
        current = ' aria-current="page"' if other == lang else ""
        href = escape(form_path(slug, lang=other, t=token))
        links.append(f'<a href="{href}" hreflang="{escape(other)}" lang="{escape(other)}"{current}>'
                     f"{escape(LANGUAGE_NAMES.get(other, other))}</a>")
    return f'<nav class="langs" aria-label="{escape(word("language", lang))}">{"".join(links)}</nav>'


def render_form(q: Questionnaire, lang: str, *, slug: str, hidden: dict, languages=None, token: str | None = None,
                values: dict | None = None, error: str | None = None, missing=()) -> str:
    """The questionnaire as a web form in ``lang``; ``hidden`` are the form's own fields (``_csrf`` …);
    ``values`` (``{question id: [submitted values]}``) are shown as chosen again, with ``error`` on top and
    the ``missing`` questions marked, when a refused submission comes back."""
    values = values or {}
    missing = set(missing)
    body = [_languages(slug, tuple(languages or q.languages), lang, token), f"<h1>{escape(q.title_in(lang))}</h1>"]
    if q.intro_in(lang):
        body.append(f'<p class="intro">{escape(q.intro_in(lang))}</p>')
    sep = " " if lang == "en" else ""
    body.append(f'<p class="note">{escape(word("instruction", lang))}{sep}{escape(word("required_note", lang))}</p>')
    if error:
        first = next((question.id for question in q.questions if question.id in missing), None)
        link = f' <a href="#q-{escape(first)}">↓</a>' if first else ""
        body.append(f'<div class="alert" role="alert">{escape(error)}{link}</div>')
    body.append(f'<form class="survey" method="post" action="{escape(form_path(slug))}" '
                'accept-charset="utf-8" autocomplete="off">')
    for name, value in hidden.items():
        if value is not None:
            body.append(f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">')
    for block in blocks(q):
        if isinstance(block, Section):
            body.append(f"<h2>{escape(block.heading(lang))}</h2>")
            body.append(f'<p class="note">{escape(_web_note(block.note, lang))}</p>')
        elif isinstance(block, Choice):
            body.append(_choice(block.segment, lang, values, missing))
        else:
            body.append(_grid(block, lang, values, missing))
    body.append(f'<button type="submit">{escape(word("submit", lang))}</button>')
    body.append("</form>")
    body.append(f"<footer>{escape(print_word('footer', lang) + q.id)}</footer>")
    return _document(lang, q.title_in(lang), body, script=True)


def _web_note(key: str, lang: str) -> str:
    # the printed note says "fill in one ○"; on screen the same instruction has no print symbol
    return word(key, lang) if key in WORDS else print_word(key, lang)


def _legend(question, lang: str, missing: set) -> str:
    mark = '<span class="req" aria-hidden="true"> *</span>' if required(question) else \
        f'<span class="note">{escape(word("optional", lang))}</span>'
    note = ""
    if isinstance(question, Segment) and question.type == "multi":
        note = f'<span class="note">{escape(print_word("multi", lang))}</span>'
    flag = f'<span class="flag">{escape(word("unanswered", lang))}</span>' if question.id in missing else ""
    return (f'<legend><span class="num">{question.number}.</span>{escape(question.label(lang))}{note}{mark}'
            f"{flag}</legend>")


def _fieldset(question, inner: str, lang: str, missing: set) -> str:
    cls = "q missing" if question.id in missing else "q"
    return f'<fieldset class="{cls}" id="q-{escape(question.id)}">{_legend(question, lang, missing)}{inner}</fieldset>'


def _checked(values: dict, qid: str, code) -> str:
    return " checked" if str(code) in values.get(qid, ()) else ""


def _choice(seg: Segment, lang: str, values: dict, missing: set) -> str:
    name = escape(seg.id)
    if seg.type in ("single", "multi"):
        kind = "radio" if seg.type == "single" else "checkbox"
        req = " required" if seg.type == "single" else ""
        options = "".join(
            f'<label><input type="{kind}" name="{name}" value="{o.code}"{req}{_checked(values, seg.id, o.code)}>'
            f"<span>{escape(o.text(lang))}</span></label>" for o in seg.options)
        return _fieldset(seg, f'<div class="options">{options}</div>', lang, missing)
    given = escape((values.get(seg.id) or [""])[0])
    label = escape(seg.label(lang))
    if seg.type == "number":
        inner = (f'<input type="number" step="any" inputmode="decimal" name="{name}" value="{given}" '
                 f'aria-label="{label}" required>')
    else:
        inner = f'<textarea name="{name}" maxlength="2000" aria-label="{label}">{given}</textarea>'
    return _fieldset(seg, inner, lang, missing)


def _grid(grid: Grid, lang: str, values: dict, missing: set) -> str:
    labels = grid.header(lang)
    rows = []
    for question in grid.rows:
        name = escape(question.id)
        points = "".join(
            f'<label><input type="radio" name="{name}" value="{v}" required{_checked(values, question.id, v)}>'
            f"<span>{v}</span><span>{escape(label)}</span></label>" for v, label in zip(grid.scale.values, labels))
        rows.append(_fieldset(question, f'<div class="scale points-{grid.scale.points}">{points}</div>', lang,
                              missing))
    return f'<div class="grid" role="group">{"".join(rows)}</div>'


def render_done(q: Questionnaire, lang: str) -> str:
    body = [f"<h1>{escape(q.title_in(lang))}</h1>",
            f'<div class="done" role="status"><h2>{escape(word("done_title", lang))}</h2>'
            f"<p>{escape(print_word('thanks', lang))}</p></div>"]
    return _document(lang, word("done_title", lang), body)


def render_message_page(lang: str, title_key: str, text: str, *, title: str | None = None,
                        back: str | None = None) -> str:
    """A page with one message: a refusal, a closed wave, an unknown link.  ``back``: a link to the form."""
    body = []
    if title:
        body.append(f"<h1>{escape(title)}</h1>")
    body.append(f'<div class="done" role="alert"><h2>{escape(word(title_key, lang))}</h2><p>{escape(text)}</p>')
    if back:
        body.append(f'<p><a href="{escape(back)}">{escape(word("back", lang))}</a></p>')
    body.append("</div>")
    return _document(lang, word(title_key, lang), body)
