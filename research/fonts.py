"""Fonts for figures with Chinese text.

Figures set the font per text element (never matplotlib's global rcParams):
the first installed of :data:`CJK_FONTS` — Noto Sans CJK (Debian's
``fonts-noto-cjk``, which ``scripts/test.sh`` and ``scripts/start.sh``
install), WenQuanYi, then the Windows and macOS system fonts — with DejaVu
Sans (shipped with matplotlib) last.  Without any CJK font a figure still
renders; Chinese glyphs are then drawn as boxes.

matplotlib caches the list of system fonts the first time it runs; a CJK font
installed after that is not in the cache.  :func:`cjk_font_families` then
registers the font files it finds in the usual font folders itself, so a
font installed later still works without deleting the cache by hand.
"""
from __future__ import annotations

import functools
from pathlib import Path

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
             "SimHei", "DejaVu Sans")
# font files of the first four families, in the folders Linux, macOS and Windows keep them in
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".local/share/fonts"),
              str(Path.home() / ".fonts"), "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts")
_FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "wqy-zenhei.ttc", "msyh.ttc", "simhei.ttf")


def _register_installed_files() -> None:
    from matplotlib import font_manager
    for folder in _FONT_DIRS:
        base = Path(folder)
        if not base.is_dir():
            continue
        for name in _FONT_FILES:
            for path in base.rglob(name):
                try:
                    font_manager.fontManager.addfont(str(path))
                except (OSError, RuntimeError, ValueError):
                    continue


@functools.lru_cache(maxsize=1)
def cjk_font_families() -> tuple[str, ...]:
    """The fonts of :data:`CJK_FONTS` installed here, in that order, always ending with DejaVu Sans."""
    from matplotlib import font_manager

    def found() -> tuple[str, ...]:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return tuple(f for f in CJK_FONTS[:-1] if f in installed)

    families = found()
    if not families:
        _register_installed_files()
        families = found()
    return families + ("DejaVu Sans",)
