"""The form server: a study store's waves as web forms (Starlette; run by ``research serve`` under uvicorn).

Routes (``{slug}`` is a wave's public link name, :meth:`Store.wave_by_slug`):

* ``GET /f/{slug}`` — the form, in ``?lang=`` or the browser's Accept-Language among the questionnaire's
  languages, with links to the others; ``?t=`` carries a personal link token (waves with ``one_per="token"``).
  The first visit sets the browser-id cookie.
* ``POST /f/{slug}`` — a submission: size limit, rate limit (over it: 429 with Retry-After and, once the body
  is read, the form again with the answers given), CSRF, then :func:`research.serve.validate.validate`
  against the wave's questionnaire version, then :meth:`Store.submit` (which enforces the closing date, the
  quota and one submission per token or browser in the same transaction as the insert).  Accepted: 303 to the
  thank-you page, sent only after the store has committed.  Refused: the form again with the message in the
  respondent's language (or a page saying why, when there is nothing to correct), and a row in the refusal log
  (:meth:`Store.log_refusal`) — never a row of data.
* ``GET /f/{slug}/done`` — thank-you page.  ``GET /f/{slug}/qr.svg`` — the form's absolute link as a QR code.
* ``GET /healthz`` — ``ok``.

The server holds no statistics and no data of its own: it renders, checks and hands over to the store.  The
store is synchronous (SQLAlchemy); its calls run in Starlette's thread pool.
"""
from __future__ import annotations

import io
import logging
import re
from datetime import datetime, timezone
from functools import lru_cache
from urllib.parse import parse_qsl

from sqlalchemy import exc as sa_exc
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..questionnaire import loads_questionnaire
from ..messages import LANGUAGES
from . import page
from .security import (COOKIE, BodyLimit, Limits, RateLimiter, SecurityHeaders, check_csrf,
                       content_security_policy, csrf_token, new_browser_id, rate_key, read_start, start_stamp,
                       valid_browser_id)
from .validate import Invalid, validate

log = logging.getLogger("research.serve")

_SLUG = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
FORM_FIELDS = ("_csrf", "_start", "_lang", "_t")     # the form's own fields; every other name is a question
MAX_FIELDS = 1000                                   # fields parsed from one body (a questionnaire has far fewer)
COOKIE_DAYS = 400                                   # browsers cap a cookie's life at about 400 days

# store refusal reason -> message key
_REFUSALS = {"closed": "serve_closed", "quota": "serve_quota", "duplicate": "serve_duplicate",
             "unknown_token": "serve_unknown_token"}


def choose_language(asked: str | None, accept: str | None, languages) -> str:
    """``asked`` (``?lang=``) if offered, else the first offered language of the Accept-Language header
    (zh-TW / zh-HK / zh-MO / zh-Hant → zh-Hant, other zh → zh-Hans, en-* → en), else the first offered."""
    languages = tuple(languages) or LANGUAGES
    if asked in languages:
        return asked
    wanted = []
    for k, part in enumerate((accept or "")[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        weight = 1.0
        for p in params.split(";"):
            name, _, value = p.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag.startswith("zh"):
            sub = tag.split("-")[1:]
            lang = "zh-Hant" if any(s in ("hant", "tw", "hk", "mo") for s in sub) else "zh-Hans"
        elif tag.startswith("en"):
            lang = "en"
        else:
            continue
        if weight > 0:
            wanted.append((-weight, k, lang))
    for _, _, lang in sorted(wanted):
        if lang in languages:
            return lang
    return languages[0]


def create_app(store, *, secret: bytes, limits: Limits | None = None, base_url: str | None = None) -> Starlette:
    """The ASGI application serving ``store``'s waves.  ``secret`` signs the CSRF and start-time fields;
    ``limits`` (:class:`research.serve.security.Limits`) bounds bodies, texts and the submission rate;
    ``base_url`` (``https://survey.example.org``) is the public address put in QR codes (default: the
    address the request came to)."""
    if not isinstance(secret, bytes) or len(secret) < 16:
        raise ValueError("secret: at least 16 bytes")
    limits = limits or Limits()
    rate = RateLimiter(limits.per_minute, limits.burst, limits.max_clients)

    @lru_cache(maxsize=64)
    def questionnaire(study_id, version):
        number, text = store.questionnaire(study_id, version)
        return loads_questionnaire(text, name=f"study {study_id} v{number}")

    async def wave_and_questionnaire(slug: str):
        if not _SLUG.match(slug):
            return None, None
        wave = await run_in_threadpool(store.wave_by_slug, slug)
        if wave is None:
            return None, None
        q = await run_in_threadpool(questionnaire, wave.study_id, wave.questionnaire_version)
        return wave, q

    def languages_of(wave, q):
        offered = tuple(getattr(wave, "languages", None) or ())
        chosen = tuple(lang for lang in q.languages if not offered or lang in offered)
        return chosen or tuple(q.languages)

    def lang_for(request: Request, languages, asked=None) -> str:
        return choose_language(asked or request.query_params.get("lang"), request.headers.get("accept-language"),
                               languages)

    def browser_id(request: Request) -> str | None:
        value = request.cookies.get(COOKIE)
        return value if valid_browser_id(value) else None

    def with_cookie(response: Response, request: Request, rid: str, new: bool) -> Response:
        if new:
            response.set_cookie(COOKIE, rid, max_age=COOKIE_DAYS * 86400, path="/", httponly=True, samesite="lax",
                                secure=request.url.scheme == "https")
        return response

    def message_page(lang: str, key: str, status: int, *, title_key="refused_title", q=None, back=None,
                     **params) -> HTMLResponse:
        html = page.render_message_page(lang, title_key, page.message(key, lang, **params),
                                        title=q.title_in(lang) if q is not None else None, back=back)
        return HTMLResponse(html, status_code=status)

    def not_found(request: Request) -> HTMLResponse:
        return message_page(lang_for(request, LANGUAGES), "serve_not_found", 404, title_key="not_found_title")

    async def refuse_log(slug: str, reason: str, detail: dict) -> None:
        try:
            await run_in_threadpool(store.log_refusal, slug, reason, detail)
        except Exception:  # the refusal is answered whether or not its log row could be written
            log.exception("refusal log failed (%s)", reason)

    def wave_closed(wave) -> bool:
        """Closed, past its closing date, not open yet, or an imported wave (the store's times are UTC)."""
        if wave.kind != "web" or wave.closed_at is not None:
            return True
        now = datetime.now(timezone.utc)
        for moment, over in ((wave.closes_at, lambda t: t <= now), (wave.opens_at, lambda t: t > now)):
            if moment is not None and over(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)):
                return True
        return False

    # --------------------------------------------------------------------------------------------------------
    async def form(request: Request) -> Response:
        slug = request.path_params["slug"]
        wave, q = await wave_and_questionnaire(slug)
        if wave is None:
            return not_found(request)
        languages = languages_of(wave, q)
        lang = lang_for(request, languages)
        if wave_closed(wave):
            return message_page(lang, "serve_closed", 410, q=q)
        if getattr(wave, "quota", None) is not None:
            if await run_in_threadpool(store.count, wave.id) >= wave.quota:
                return message_page(lang, "serve_quota", 410, q=q)
        token = request.query_params.get("t")
        if wave.one_per == "token" and not (token and _TOKEN.match(token)):
            return message_page(lang, "serve_unknown_token", 403, q=q)
        if wave.one_per != "token":
            token = None
        rid = browser_id(request)
        new = rid is None
        rid = rid or new_browser_id()
        hidden = {"_csrf": csrf_token(secret, slug, rid), "_start": start_stamp(secret, slug, rid), "_lang": lang,
                  "_t": token}
        html = page.render_form(q, lang, slug=slug, hidden=hidden, languages=languages, token=token)
        return with_cookie(HTMLResponse(html), request, rid, new)

    async def submit(request: Request) -> Response:
        slug = request.path_params["slug"]
        client = request.client.host if request.client else None
        wave, q = await wave_and_questionnaire(slug)
        if wave is None:
            return not_found(request)
        languages = languages_of(wave, q)
        # every POST takes from the client's bucket, but the answer to one over the limit waits until the body
        # is read (bounded by BodyLimit): a respondent asked to wait gets the form back with the answers given
        wait = rate.take(rate_key(client))
        seconds = max(1, int(wait + 0.999)) if wait else 0

        def limited(lang: str) -> HTMLResponse:
            response = message_page(lang, "serve_rate_limited", 429, q=q, seconds=seconds)
            response.headers["Retry-After"] = str(seconds)
            return response

        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            if wait:
                return limited(lang_for(request, languages))
            return message_page(lang_for(request, languages), "serve_bad_request", 415, q=q)
        try:
            body = await request.body()        # BodyLimit has already refused a body above the limit
        except ClientDisconnect:                # cut off mid-body: nothing was read, nothing is stored
            return Response(status_code=400)
        try:
            fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
        except (UnicodeDecodeError, ValueError):
            if wait:
                return limited(lang_for(request, languages))
            await refuse_log(slug, "bad_request", {"bytes": len(body)})
            return message_page(lang_for(request, languages), "serve_bad_request", 400, q=q)
        own, answers_given = {}, []
        for name, value in fields:
            if name in FORM_FIELDS:
                if name in own:
                    own[name] = None        # given twice: as good as forged
                else:
                    own[name] = value
            else:
                answers_given.append((name, value))
        lang = lang_for(request, languages, own.get("_lang"))
        back = page.form_path(slug, lang=lang, t=own.get("_t") if wave.one_per == "token" else None)

        rid = browser_id(request)
        values = {}
        for name, value in answers_given:
            values.setdefault(name, []).append(value)
        started = read_start(secret, slug, rid, own.get("_start")) if rid is not None else None

        def again(key: str, status: int, missing=(), text: str | None = None, **params) -> HTMLResponse:
            stamp = own.get("_start") if started is not None else start_stamp(secret, slug, rid)
            hidden = {"_csrf": own["_csrf"], "_start": stamp, "_lang": lang,
                      "_t": own.get("_t") if wave.one_per == "token" else None}
            html = page.render_form(q, lang, slug=slug, hidden=hidden, languages=languages, token=hidden["_t"],
                                    values=values, error=text or page.message(key, lang, **params), missing=missing)
            return HTMLResponse(html, status_code=status)

        csrf_ok = check_csrf(secret, slug, rid, own.get("_csrf"))
        if wait:
            if not csrf_ok:     # a forged or stale form: nothing of it to give back
                return limited(lang)
            response = again("serve_rate_limited", 429, seconds=seconds)
            response.headers["Retry-After"] = str(seconds)
            return response
        if not csrf_ok:
            await refuse_log(slug, "csrf", {"cookie": rid is not None, "field": "_csrf" in own})
            return message_page(lang, "serve_csrf", 403, q=q, back=back)

        if started is None:
            await refuse_log(slug, "forged_start", {"field": "_start"})
            return again("serve_form_stale", 422)
        try:
            answers = validate(q, answers_given, max_text=limits.max_text)
        except Invalid as bad:
            await refuse_log(slug, bad.reason, bad.detail())
            key, missing, params = _invalid_message(q, bad, lang, limits)
            return again(key, 422, missing, **params)

        if wave.one_per == "token":
            respondent = own.get("_t")
            if not (respondent and _TOKEN.match(respondent)):
                await refuse_log(slug, "unknown_token", {"token": bool(respondent)})
                return message_page(lang, "serve_unknown_token", 403, q=q)
        else:
            respondent = rid
        now = datetime.now(timezone.utc)
        try:
            await run_in_threadpool(
                lambda: store.submit(slug, answers, respondent=respondent,
                                     started_at=datetime.fromtimestamp(min(started, now.timestamp()), timezone.utc),
                                     submitted_at=now, channel="web", lang=lang))
        except Exception as err:
            reason = _refusal_reason(err)
            if reason is None and isinstance(err, sa_exc.DBAPIError):
                # the database is busy or gone (locked past the busy timeout, pool exhausted, server restarted):
                # nothing was stored; the form comes back with the answers and a message in the language
                log.warning("submission to %s not stored: %s", slug, type(err).__name__)
                return again("serve_unavailable", 503)
            if reason is None:
                raise
            await refuse_log(slug, reason, {"store": getattr(err, "key", reason), **_params(err)})
            if reason == "invalid":
                return again("serve_invalid", 422, text=err.message(lang) if hasattr(err, "message") else None)
            key = _REFUSALS.get(reason, "serve_invalid")
            if reason == "duplicate" and wave.one_per == "token":
                key = "serve_duplicate_token"
            return message_page(lang, key, 409 if reason == "duplicate" else 403, q=q)
        return RedirectResponse(f"{page.form_path(slug)}/done?lang={lang}", status_code=303)

    async def done(request: Request) -> Response:
        wave, q = await wave_and_questionnaire(request.path_params["slug"])
        if wave is None:
            return not_found(request)
        return HTMLResponse(page.render_done(q, lang_for(request, languages_of(wave, q))))

    async def qr(request: Request) -> Response:
        import segno

        slug = request.path_params["slug"]
        wave, q = await wave_and_questionnaire(slug)
        if wave is None:
            return not_found(request)
        link = form_link(request, slug)
        lang = request.query_params.get("lang")
        if lang in languages_of(wave, q):
            link += f"?lang={lang}"
        out = io.BytesIO()
        segno.make(link, error="m", micro=False).save(out, kind="svg", scale=8, border=4, xmldecl=True,
                                                       title=link)
        return Response(out.getvalue(), media_type="image/svg+xml")

    def form_link(request: Request, slug: str) -> str:
        root = (base_url or str(request.base_url)).rstrip("/")
        return root + page.form_path(slug)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    csp = content_security_policy(styles=[page.STYLE], scripts=[page.SCRIPT])
    app = Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            Route("/f/{slug}", form, methods=["GET"]),
            Route("/f/{slug}", submit, methods=["POST"]),
            Route("/f/{slug}/done", done, methods=["GET"]),
            Route("/f/{slug}/qr.svg", qr, methods=["GET"]),
        ],
        middleware=[Middleware(SecurityHeaders, csp=csp), Middleware(BodyLimit, max_body=limits.max_body)],
    )
    app.state.rate_limiter = rate
    return app


def _refusal_reason(err: Exception) -> str | None:
    """The reason key of the store's SubmissionRefused (None for any other error)."""
    from ..store import SubmissionRefused

    if not isinstance(err, SubmissionRefused):
        return None
    return getattr(err, "reason", None) or getattr(err, "key", "invalid")


def _params(err) -> dict:
    """The store's refusal parameters as plain text for the log (never the answers)."""
    params = getattr(err, "params", None) or {}
    return {k: str(v)[:80] for k, v in params.items() if k in ("item", "value_text", "quota", "problem_en")}


def _invalid_message(q, bad: Invalid, lang: str, limits: Limits) -> tuple:
    """(message key, missing questions, message parameters) of a refused form."""
    numbers = {question.id: question.number for question in q.questions}
    number = numbers.get(bad.question or "", "?")
    if bad.reason == "required":
        sep = ", " if lang == "en" else "、"
        listed = [str(numbers[m]) for m in bad.missing]
        shown = sep.join(listed[:10]) + (sep + "…" if len(listed) > 10 else "")
        return "serve_required", bad.missing, {"n": len(bad.missing), "numbers": shown}
    if bad.reason == "unknown_field":
        return "serve_unknown_field", (), {"field": bad.question}
    if bad.reason in ("out_of_range", "repeated"):
        return "serve_out_of_range", (), {"number": number, "value": bad.value}
    if bad.reason == "not_a_number":
        return "serve_not_a_number", (), {"number": number, "value": bad.value}
    if bad.reason == "too_long":
        return "serve_too_long", (), {"number": number, "limit": limits.max_text}
    return "serve_control_characters", (), {"number": number}
