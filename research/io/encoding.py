"""Detect the text encoding of an exported CSV — never assume it.

Chinese Excel saves CSV as GBK/GB18030, 问卷星 and Qualtrics write UTF-8
with a byte-order mark, Taiwanese users may send Big5.  The order of tests:

1. a byte-order mark (UTF-8, UTF-16) decides;
2. NUL bytes without a UTF-16 pattern mean a binary file;
3. strict UTF-8 (the only encoding whose random-looking Chinese text fails
   to decode reliably, so a success is trustworthy);
4. Windows-1252 (Latin-1) when the bytes read as Latin-script text — every
   non-ASCII character an accented letter inside a word or typographic
   punctuation (``Très satisfait``, ``“Ça va”``) — and neither Chinese
   decoding holds survey words.  GB18030 and Big5 decode most such bytes
   too (``è`` + ``s`` is one Chinese character), so this test comes first;
5. GB18030 and Big5, each decoded strictly; when both succeed, the
   decoding holding more survey words wins (built-in scale labels and
   synonyms in zh-Hans and zh-Hant, 问卷星's metadata headers, common words
   such as 您/的/是/否/男/女/年龄); on a tie charset-normalizer's
   mess/coherence measures choose, and GB18030 if they cannot;
6. anything else charset-normalizer recognises with little "chaos".

The decoded text must look like text (few control characters), or the file
is reported as binary.
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

from charset_normalizer import from_bytes

from ..errors import FileReadError

_CJK_CANDIDATES = ("gb18030", "big5")


def _looks_textual(text: str) -> bool:
    if not text:
        return True
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or 0xFFF0 <= ord(ch) <= 0xFFFF
              or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad <= max(1, len(sample) // 200)


def _decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(data: bytes, file: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding name)`` or raise :class:`FileReadError`."""
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, name in boms:
        if data.startswith(bom):
            text = _decode(data, name)
            if text is None:
                raise FileReadError("file_encoding", file=file)
            if not _looks_textual(text):
                raise FileReadError("file_binary", file=file)
            return text, name
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM has a NUL in every other byte of ASCII text.
        head = data[:4096]
        odd_nuls = head[1::2].count(0)
        even_nuls = head[0::2].count(0)
        for enc, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
            if nuls > len(head) // 4:
                text = _decode(data, enc)
                if text is not None and _looks_textual(text):
                    return text, enc
        raise FileReadError("file_binary", file=file)

    text = _decode(data, "utf-8")
    if text is not None:
        if not _looks_textual(text):
            raise FileReadError("file_binary", file=file)
        return text, "utf-8"

    decoded = {enc: _decode(data, enc) for enc in _CJK_CANDIDATES}
    decoded = {enc: t for enc, t in decoded.items() if t is not None and _looks_textual(t)}
    latin = _latin_text(data)
    if latin is not None and all(_vocabulary_hits(t) < 2 for t in decoded.values()):
        return latin, "cp1252"
    if len(decoded) == 1:
        enc, text = next(iter(decoded.items()))
        return text, _gbk_name(data) if enc == "gb18030" else enc
    if len(decoded) == 2:
        # Short Chinese files decode both ways; the one that reads as survey words wins.
        hits = {enc: _vocabulary_hits(text) for enc, text in decoded.items()}
        if hits["gb18030"] != hits["big5"]:
            enc = max(hits, key=hits.get)
        else:
            best = from_bytes(data, cp_isolation=list(_CJK_CANDIDATES)).best()
            enc = best.encoding if best is not None and best.encoding in decoded else "gb18030"
        return decoded[enc], _gbk_name(data) if enc == "gb18030" else enc

    best = from_bytes(data).best()
    if best is not None and best.chaos < 0.2:
        text = _decode(data, best.encoding)
        if text is not None and _looks_textual(text):
            return text, best.encoding
    if best is None and not _looks_textual(data.decode("latin-1")):
        raise FileReadError("file_binary", file=file)
    raise FileReadError("file_encoding", file=file)


@lru_cache(maxsize=1)
def _survey_words() -> tuple[str, ...]:
    from ..scales import _SYNONYMS, BUILTIN_SCALES

    words = {w for by_points in _SYNONYMS.values() for group in by_points for w in group}
    words |= {w for s in BUILTIN_SCALES.values() for lang in ("zh-Hans", "zh-Hant") for w in s.labels[lang]}
    words |= {"序号", "提交答卷时间", "所用时间", "来源", "来自", "您", "的", "是", "否", "男", "女", "年龄", "年齡",
              "满意", "滿意", "物流", "快递", "快遞", "包裹", "购物", "購物", "平台", "服务", "服務"}
    return tuple(w for w in words if any("\u4e00" <= ch <= "\u9fff" for ch in w))


# cp1252's typographic characters (bytes 0x80–0x9F, rare as lead bytes of Chinese text)
_TYPOGRAPHIC = frozenset("–—‘’‚“”„…€•™")
_NEUTRAL = frozenset("\xa0«»°")
# letters of Western European words (not ª º µ, which cp1252 also calls letters)
_LETTERS = frozenset("ŠŒŽšœžŸ" + "".join(chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7)))
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _latin_text(data: bytes) -> str | None:
    """The cp1252 decoding if it reads as Latin-script text, else None.

    Every run of non-ASCII characters must be typographic punctuation, or at
    most three letters touching an ASCII letter (``très``, ``déçu``) or one
    letter standing alone (``à``); most letter runs must be single letters,
    and at least one run must be a letter or typographic punctuation.
    Chinese text read as cp1252 gives runs of two bytes per character,
    mostly symbols (``·Ç³£Í¬Òâ``), and fails.
    """
    text = _decode(data, "cp1252")
    if text is None or not _looks_textual(text):
        return None
    typographic, singles, runs = False, 0, 0
    for m in _NON_ASCII_RUN.finditer(text[:200000]):
        run = m.group()
        if all(ch in _TYPOGRAPHIC or ch in _NEUTRAL for ch in run) and len(run) <= 3:
            typographic = typographic or any(ch in _TYPOGRAPHIC for ch in run)
            continue
        if len(run) > 3 or not all(ch in _LETTERS for ch in run):
            return None
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        touches = (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
        if not touches and len(run) > 1:
            return None
        runs += 1
        singles += len(run) == 1
    if runs and singles * 2 < runs:
        return None
    return text if runs or typographic else None


def _vocabulary_hits(text: str) -> int:
    sample = text[:20000]
    return sum(sample.count(w) for w in _survey_words())


def _gbk_name(data: bytes) -> str:
    """GBK is a subset of GB18030; name the narrower one when it fits."""
    return "gbk" if _decode(data, "gbk") is not None else "gb18030"
