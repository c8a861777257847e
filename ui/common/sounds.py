"""A distinct sound per check-in answer, so the clerk hears what happened without looking.

The tones are generated once with the `wave` module into a cache folder (no audio files in the
repository). `QtSounds` plays them with QtMultimedia's QSoundEffect; on a PC without an audio
device (or without QtMultimedia) it falls back to the system beep and never raises. Views get a
player passed in; tests pass a fake that records what it was asked to play.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import platformdirs
from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:  # imported when the first tone plays (QtMultimedia is slow to load)
    from PySide6.QtMultimedia import QSoundEffect

RATE = 22_050
VOLUME = 0.45
#: Bump when the tones change, so old cached files are not reused.
VERSION = 1

# One sound: segments of (start Hz, end Hz, milliseconds, waveform); 0 Hz is silence.
Tone = tuple[float, float, int, str]
TONES: dict[str, tuple[Tone, ...]] = {
    "received": ((1320, 1320, 90, "sine"),),
    "duplicate": ((440, 440, 90, "sine"), (0, 0, 70, "sine"), (440, 440, 90, "sine")),
    "unexpected": ((400, 1200, 320, "sine"),),
    "unreadable": ((150, 150, 320, "square"),),
    "out_of_zone": ((1000, 400, 320, "sine"),),
    "needs_location": tuple(
        segment for _ in range(3) for segment in ((700, 700, 70, "sine"), (0, 0, 50, "sine"))
    ),
    "damaged": ((600, 600, 140, "square"), (400, 400, 140, "square"), (600, 600, 140, "square")),
    "undone": ((880, 880, 110, "sine"), (660, 660, 160, "sine")),
    "ambiguous": ((660, 660, 90, "sine"), (0, 0, 50, "sine"), (990, 990, 160, "sine")),
    "error": ((220, 180, 600, "saw"),),
    # A scan made while a dialog is open: noted, answered once the dialog is closed.
    "held": ((660, 660, 60, "sine"), (0, 0, 50, "sine"), (660, 660, 60, "sine")),
}


class SoundPlayer(Protocol):
    """What a view needs: play the sound called `name` (a check-in outcome or 'error')."""

    def play(self, name: str) -> None: ...


def _sample(waveform: str, phase: float) -> float:
    if waveform == "square":
        return 1.0 if math.sin(phase) >= 0 else -1.0
    if waveform == "saw":
        return (phase / math.pi) % 2.0 - 1.0
    return math.sin(phase)


def render(segments: tuple[Tone, ...], rate: int = RATE) -> bytes:
    """16-bit mono PCM for the segments, with 5 ms fades so no segment clicks."""
    frames = bytearray()
    for start_hz, end_hz, millis, waveform in segments:
        count = rate * millis // 1000
        fade = max(1, rate * 5 // 1000)
        phase = 0.0
        for index in range(count):
            hz = start_hz + (end_hz - start_hz) * index / count
            phase += 2 * math.pi * hz / rate
            envelope = min(1.0, index / fade, (count - index) / fade)
            value = 0.0 if hz == 0 else _sample(waveform, phase) * envelope * VOLUME
            frames += struct.pack("<h", int(value * 32767))
    return bytes(frames)


def write_wav(path: Path, segments: tuple[Tone, ...]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    with wave.open(str(part), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(render(segments))
    part.replace(path)
    return path


def sound_files(folder: Path | None = None) -> dict[str, Path]:
    """The WAV file of every sound, generated into `folder` (the user's cache) when missing."""
    folder = folder or platformdirs.user_cache_path("parcel-desk", appauthor=False) / "sounds"
    files = {}
    for name, segments in TONES.items():
        path = folder / f"{name}-v{VERSION}.wav"
        if not path.exists():
            write_wav(path, segments)
        files[name] = path
    return files


class QtSounds(QObject):
    """Plays the tones through QSoundEffect, or beeps when there is no audio to play them on."""

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._effects: dict[str, QSoundEffect] | None = None  # built at the first play

    def play(self, name: str) -> None:
        try:
            effect = self._load().get(name)
            if effect is None or effect.status() == effect.Status.Error:
                QApplication.beep()
            else:
                effect.play()
        except Exception:  # audio is a nicety: no failure of it may stop a check-in
            self._effects = {}
            QApplication.beep()

    def preload(self) -> None:
        """Load QtMultimedia and the tones now (at an idle moment), not at the first scan."""
        try:
            self._load()
        except Exception:
            self._effects = {}

    def _load(self) -> dict[str, QSoundEffect]:
        if self._effects is None:
            self._effects = {}
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

            if not QMediaDevices.audioOutputs():
                return self._effects
            for name, path in sound_files(self._folder).items():
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                self._effects[name] = effect
        return self._effects
