"""Sign-language videos from the site file: each file's size and playing time, read once when the app starts."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .sitefile import SignVideo, SiteFileError


@dataclass(frozen=True)
class VideoFacts:
    """What the page shows of one video: BITV 2.0 Anlage 2 asks for the file size and the playing time."""

    file: str  # relative to static/
    captions: str
    title: dict[str, str]
    type: str  # the MIME type for <source type>
    size: int  # bytes
    seconds: int  # playing time, rounded to the second


def playing_time(path: Path) -> float:
    """A video's duration in seconds, as ffprobe (Debian's ffmpeg) reads it from the container."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise RuntimeError("ffprobe is missing: install Debian's ffmpeg (apt-get install ffmpeg) to show sign videos")
    result = subprocess.run(
        [ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return float(json.loads(result.stdout)["format"]["duration"])
    except (ValueError, KeyError, TypeError):
        raise ValueError(result.stderr.strip() or "no playing time found") from None


def video_facts(videos: tuple[SignVideo, ...], static: Path, shown: str) -> tuple[VideoFacts, ...]:
    """Size and playing time of each video in the site's static/ folder; SiteFileError names the site file's line."""
    problems, found = [], []
    for video in videos:
        where = f"{shown}:{video.line}: [[sign_language.videos]]"
        missing = [name for name in (video.file, video.captions) if not (static / name).is_file()]
        if missing:
            problems += [f"{where} static/{name} is not a file in the site's static/ folder" for name in missing]
            continue
        if (
            not (static / video.captions)
            .read_text(encoding="utf-8", errors="replace")
            .startswith(("WEBVTT", "\ufeffWEBVTT"))
        ):
            problems.append(f"{where} static/{video.captions} is not a WebVTT file (it must begin with WEBVTT)")
            continue
        try:
            seconds = playing_time(static / video.file)
        except ValueError as error:
            problems.append(f"{where} static/{video.file}: ffprobe cannot read its playing time ({error})")
            continue
        except RuntimeError as error:  # no ffprobe on this machine: say so at the video's line, not with a traceback
            problems.append(f"{where} {error}")
            continue
        kind = "video/webm" if video.file.endswith(".webm") else "video/mp4"
        size = (static / video.file).stat().st_size
        found.append(VideoFacts(video.file, video.captions, video.title, kind, size, max(1, round(seconds))))
    if problems:
        raise SiteFileError(problems)
    return tuple(found)
