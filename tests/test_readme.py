"""The README stays true for a newcomer: its links lead to files in the repository, its first
command opens the demo, and the manual's pages it names exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _links(text: str) -> list[str]:
    markdown = re.findall(r"\]\(([^)\s]+)\)", text)
    html = re.findall(r'src="([^"]+)"', text)
    return markdown + html


def test_every_link_points_inside_the_repository():
    """No link to outside the repository (../shared, http); every target exists."""
    for link in _links(README):
        if link.startswith("#"):
            continue
        assert "://" not in link and not link.startswith(".."), link
        target = (ROOT / link.split("#")[0]).resolve()
        assert ROOT in target.parents and target.exists(), link


def test_the_anchors_lead_to_headings():
    """A link to #section finds its heading."""
    headings = {
        re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in README.splitlines()
        if line.startswith("#")
    }
    for link in _links(README):
        if link.startswith("#"):
            assert link[1:] in headings, link


def test_the_first_command_opens_the_demo_and_the_second_runs_the_tests():
    """Two commands, in that order: install and open the demo; install and run the tests."""
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    assert commands[0].endswith("pip install -e . && parcel-desk --demo")
    assert commands[1].endswith('pip install -e ".[test]" && python -m pytest')


def test_the_manual_pages_link_each_other_inside_docs():
    """Every link in the manual's pages leads to an existing page."""
    for page in (ROOT / "docs" / "manual").glob("*.md"):
        for link in _links(page.read_text(encoding="utf-8")):
            assert (page.parent / link).exists(), (page.name, link)
