"""Files written in one step: a reader (or a crash) never sees half a file.

The new content goes to a hidden temporary file beside the target, which then replaces
it with one rename; a write that fails leaves the old file as it was and no temporary
file behind. Outputs are made readable by others (mkstemp makes them private), since
results are meant to be shared.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def replace_with(path: Path, write: Callable[[Path], None]) -> Path:
    """``write(tmp)`` fills a temporary file, which then takes ``path``'s place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path, text: str, durable: bool = False) -> Path:
    """``path`` holds ``text`` (UTF-8, newlines as given), written in one step;
    ``durable``: on disk before it takes the old file's place (what a resume reads)."""
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
    return replace_with(path, write)
