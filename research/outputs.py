"""Writing output files without losing anything: no input overwritten, no half-written file left behind.

Two rules hold for every file a command writes (issue 13, "nothing lost"):

* **No output replaces an input, or a file the command did not create.**
  :func:`refuse_overwrite` compares every target with every input by the file
  itself (:func:`os.path.samefile`, so a symbolic or hard link to the input
  counts as the input) and refuses a target that is an input — always, even
  with ``force``.  A target that exists and is not the command's own output
  of the same kind (``own(path)`` says; e.g. a results.json written by an
  earlier ``research analyze``) is refused too, unless ``force`` is given:
  then a copy is kept first as ``name.~1~`` (``~2~``… when that exists, as
  GNU ``cp --backup=numbered`` does), and the caller tells the user.
* **A file is written whole or not at all.**  :func:`atomic_file` writes to
  a temporary file in the target's folder, flushes it to disk and renames it
  over the target (:func:`os.replace`, atomic on POSIX and Windows): a
  program that fails or is stopped half-way leaves the old file as it was
  and no temporary file.

:class:`Outputs` bundles both for one command: the inputs, ``force``, the
files written and the backups kept, which the command prints.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import OptionError

# The generator mark put in the reports (and checked to recognise an earlier report).
GENERATOR = "satisfaction-research report"


# ---- paths -----------------------------------------------------------------------------------
def same_file(a, b) -> bool:
    """Whether ``a`` and ``b`` are one file: the same inode when both exist (through symbolic and hard
    links), else the same absolute path once symbolic links and ``..`` are resolved."""
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a symbolic-link loop
        return os.path.abspath(a) == os.path.abspath(b)


def backup_name(path) -> Path:
    """The first free numbered backup name ``name.~N~`` beside ``path``."""
    path = Path(path)
    taken = [int(m.group(1)) for p in path.parent.glob(f"{_glob_escape(path.name)}.~*~")
             if (m := re.fullmatch(re.escape(path.name) + r"\.~(\d+)~", p.name))]
    return path.with_name(f"{path.name}.~{max(taken, default=0) + 1}~")


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def output_folder(folder, *, create: bool = True, option: str = "out") -> Path:
    """``folder`` as a folder to write into, created when missing (unless ``create`` is false); an existing
    file of that name is refused (it is left as it is)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OptionError("file_write", file=str(folder), detail=f"--{option}: a file, not a folder.")
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


# ---- the check -------------------------------------------------------------------------------
def refuse_overwrite(targets: Iterable, inputs: Iterable = (), *, own: Callable[[Path], bool] | None = None,
                     force: bool = False, command: str = "") -> list[Path]:
    """Check that writing ``targets`` loses nothing; return the existing targets to back up first (only with
    ``force``; none otherwise).  Nothing is written or copied here.

    Raises :class:`~research.errors.OptionError` ``output_is_input`` when a target is one of ``inputs`` (by
    :func:`same_file`), ``output_exists`` when a target exists and ``own`` does not recognise it as this
    command's own earlier output (and ``force`` is false), and ``file_write`` when a target is a folder.
    """
    targets = [Path(t) for t in targets]
    inputs = [Path(i) for i in inputs if i is not None]
    to_back_up = []
    for target in targets:
        for source in inputs:
            if same_file(target, source):
                raise OptionError("output_is_input", file=str(target), input=str(source), command=command)
        if not target.exists():  # (a dangling symbolic link is replaced, not followed: nothing is lost)
            continue
        if target.is_dir():
            raise OptionError("file_write", file=str(target), detail="a folder, not a file")
        if own is not None and _recognised(own, target):
            continue
        if not force:
            raise OptionError("output_exists", file=str(target), command=command)
        to_back_up.append(target)
    return to_back_up


def _recognised(own: Callable[[Path], bool], path: Path) -> bool:
    try:
        return bool(own(path))
    except Exception:  # a file that cannot even be read is not one of ours
        return False


def keep_backup(path) -> Path:
    """Copy ``path`` (contents and times) to its first free ``name.~N~``; return the backup's path."""
    backup = backup_name(path)
    with atomic_file(backup, "wb") as out, open(path, "rb") as src:
        shutil.copyfileobj(src, out)
    shutil.copystat(path, backup)
    return backup


# ---- the atomic writer -----------------------------------------------------------------------
@contextmanager
def atomic_file(path, mode: str = "wb", *, encoding: str | None = None, newline: str | None = None):
    """Open a temporary file beside ``path`` for writing; when the block ends without an exception it is
    flushed to disk and renamed to ``path``, else it is removed and ``path`` is left as it was.

    ``mode`` is ``"wb"`` or ``"w"`` (text, with ``encoding`` and ``newline`` as :func:`open` takes them).
    The file gets the permissions a new file gets (the umask applies), or those of the file it replaces.
    """
    if mode not in ("wb", "w"):
        raise ValueError(f"atomic_file writes with mode 'wb' or 'w', not {mode!r}")
    path = Path(path)
    tmp = path.with_name(f".{path.name[:40]}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with suppress(OSError):
            if path.is_file():
                os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            fd = None
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, path)
        except OSError as err:  # name the target, not the temporary file, in the message
            raise OSError(err.errno, err.strerror, str(path)) from err
    except BaseException as err:
        if fd is not None:
            os.close(fd)
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError) and err.filename is None:  # a full disk: name the file it was writing
            raise OSError(err.errno, err.strerror, str(path)) from err
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of a rename to disk (POSIX; a no-op where folders cannot be opened)."""
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_file`)."""
    with atomic_file(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def write_text(path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically, line ends as they are in ``text`` on every system."""
    return write_bytes(path, text.encode(encoding))


# ---- one command's outputs -------------------------------------------------------------------
class Outputs:
    """The outputs of one command: the inputs they must not replace, ``force``, and what was written and
    backed up (for the console).

    >>> out = Outputs(inputs=["d/responses.csv"], command="import")
    >>> out.check([Path("d/excluded.csv")], own=lambda p: False)   # raises if the file exists
    >>> out.write_text(Path("d/excluded.csv"), "...")
    """

    def __init__(self, inputs: Iterable = (), *, force: bool = False, command: str = ""):
        self.inputs = [Path(i) for i in inputs if i is not None]
        self.force = force
        self.command = command
        self.written: list[Path] = []
        self.backups: list[Path] = []
        self._backed_up: list[Path] = []

    def check(self, targets: Iterable, own: Callable[[Path], bool] | None = None) -> None:
        """:func:`refuse_overwrite` for ``targets``; with ``force``, keep a backup of every existing file that
        is not the command's own (once per file)."""
        for target in refuse_overwrite(targets, self.inputs, own=own, force=self.force, command=self.command):
            if not any(same_file(target, done) for done in self._backed_up):
                self.backups.append(keep_backup(target))
                self._backed_up.append(target)

    @contextmanager
    def open(self, path, mode: str = "wb", **kwargs):
        with atomic_file(path, mode, **kwargs) as fh:
            yield fh
        self.written.append(Path(path))

    def write_bytes(self, path, data: bytes) -> Path:
        write_bytes(path, data)
        self.written.append(Path(path))
        return Path(path)

    def write_text(self, path, text: str, encoding: str = "utf-8") -> Path:
        return self.write_bytes(path, text.encode(encoding))
