"""Sounds: one distinct tone per answer, generated once; audio trouble never stops a scan."""

from __future__ import annotations

import hashlib
import wave

from PySide6.QtWidgets import QApplication

from store.checkin import Outcome
from ui.common import sounds
from ui.common.outcomes import ERROR, LOOKS


def test_every_outcome_has_a_distinct_wav(tmp_path):
    """Each outcome (and the error) has its own valid WAV file, all different."""
    files = sounds.sound_files(tmp_path)
    needed = {LOOKS[outcome].sound for outcome in Outcome} | {ERROR.sound}
    assert needed <= set(files)
    digests = set()
    for name in needed:
        with wave.open(str(files[name])) as tone:
            assert (tone.getnchannels(), tone.getsampwidth()) == (1, 2)
            assert 0.05 < tone.getnframes() / tone.getframerate() < 1.0
        digests.add(hashlib.sha256(files[name].read_bytes()).hexdigest())
    assert len(digests) == len(needed)


def test_files_are_made_once(tmp_path):
    """A second call reuses the cached files instead of writing them again."""
    first = sounds.sound_files(tmp_path)
    stamps = {name: path.stat().st_mtime_ns for name, path in first.items()}
    second = sounds.sound_files(tmp_path)
    assert {name: path.stat().st_mtime_ns for name, path in second.items()} == stamps


def test_player_falls_back_to_a_beep(qapp, monkeypatch, tmp_path):
    """When audio cannot load, play() beeps instead of raising."""
    beeps = []
    monkeypatch.setattr(QApplication, "beep", lambda: beeps.append(1))
    player = sounds.QtSounds(tmp_path)

    def broken():
        raise OSError("no audio device")

    monkeypatch.setattr(player, "_load", broken)
    player.play("received")
    player.preload()
    assert beeps == [1]


def test_player_without_outputs_beeps(qapp, monkeypatch, tmp_path):
    """With no effect for a sound (no audio output), play() beeps."""
    beeps = []
    monkeypatch.setattr(QApplication, "beep", lambda: beeps.append(1))
    player = sounds.QtSounds(tmp_path)
    monkeypatch.setattr(player, "_load", lambda: {})
    player.play("duplicate")
    assert beeps == [1]
