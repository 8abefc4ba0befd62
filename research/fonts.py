"""Fonts for figures with Chinese text.

Figures set the font per text element (never matplotlib's global rcParams):
the first installed of :data:`CJK_FONTS` — Noto Sans CJK (Debian's
``fonts-noto-cjk``, which ``scripts/`` install), WenQuanYi, then the
Windows and macOS system fonts — with DejaVu Sans (shipped with
matplotlib) last.  Without any CJK font a figure still renders; Chinese
glyphs are then drawn as boxes.
"""
from __future__ import annotations

import functools

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
             "SimHei", "DejaVu Sans")


@functools.lru_cache(maxsize=1)
def cjk_font_families() -> tuple[str, ...]:
    """The fonts of :data:`CJK_FONTS` installed here, in that order, always ending with DejaVu Sans."""
    from matplotlib import font_manager
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(f for f in CJK_FONTS[:-1] if f in installed) + ("DejaVu Sans",)
