"""`kiosk snapshot`: every screen in every language, settled, identical from run to run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from kiosk.content import LoadResult
from kiosk.ui.snapshot import render_snapshots


def ink(image: QImage, step: int = 5) -> float:
    """The share of sampled pixels that differ clearly from the background colour."""
    background = QColor(image.pixel(image.width() // 2, image.height() // 2 + 7))
    samples = hits = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colour = QColor(image.pixel(x, y))
            samples += 1
            if abs(colour.lightness() - background.lightness()) > 40:
                hits += 1
    return hits / samples


def test_snapshots_cover_every_screen_and_language(
    qapp: object, sample_result: LoadResult, tmp_path: Path
) -> None:
    written = render_snapshots(sample_result, tmp_path / "a")
    names = sorted(p.name for p in written)
    expected = sorted(
        f"{screen}-{lang}.png"
        for lang in ("en", "az", "ru")
        for screen in ("attract", "background", "figures", "recognitions", "remarks")
    )
    assert names == expected
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1920, 1080)
        assert ink(image) > 0.01, f"{path.name} looks blank"


def test_two_snapshot_runs_are_identical_pixel_for_pixel(sample_stand: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        subprocess.run(
            [sys.executable, "-m", "kiosk", "snapshot", str(sample_stand), "--lang", "az",
             "--out", str(tmp_path / name)],
            check=True, capture_output=True, timeout=120,
        )
    first = sorted((tmp_path / "a").iterdir())
    second = sorted((tmp_path / "b").iterdir())
    assert len(first) == 5
    for one, two in zip(first, second, strict=True):
        assert QImage(str(one)) == QImage(str(two)), one.name


def test_current_panel_is_marked_in_the_accent_colour(
    qapp: object, sample_result: LoadResult, tmp_path: Path
) -> None:
    written = {p.name: p for p in render_snapshots(sample_result, tmp_path, language="en")}
    figures = QImage(str(written["figures-en.png"]))
    # the accent bar sits on top of the second of four navigation buttons
    accent = QColor("#b3283d")
    row = figures.height() - 136 + 2
    hits = [x for x in range(figures.width()) if QColor(figures.pixel(x, row)) == accent]
    assert hits, "no accent bar above the navigation buttons"
    centre = sum(hits) / len(hits)
    margin = 1920 * 0.05
    button = (1920 - 2 * margin) / 4
    assert margin + button < centre < margin + 2 * button


def test_portrait_size(qapp: object, sample_result: LoadResult, tmp_path: Path) -> None:
    written = render_snapshots(sample_result, tmp_path, size=(1080, 1920), language="ru")
    image = QImage(str(written[0]))
    assert (image.width(), image.height()) == (1080, 1920)


def test_highlighted_countries_are_in_their_group_colour(
    qapp: object, sample_result: LoadResult, tmp_path: Path
) -> None:
    from kiosk.ui.worldmap import GROUP_COLOURS, world_map
    from tests.uidriver import find, running_kiosk, settle

    with running_kiosk(sample_result, animations=False) as kiosk:
        kiosk.controller.activity()
        kiosk.controller.goTo(2)
        settle()
        image = kiosk.window.grabWindow()
        world = find(kiosk.window, "worldMap")
        geography = world_map()

        def colour_at(code: str) -> QColor:
            label = geography.label_point(code)
            assert label is not None
            point = world.mapToScene(world.boundingRect().topLeft())
            painted_w = world.property("paintedWidth")
            painted_h = world.property("paintedHeight")
            x = point.x() + (world.width() - painted_w) / 2 + label.x() / geography.width * painted_w
            y = point.y() + (world.height() - painted_h) / 2 + label.y() / geography.height * painted_h
            return QColor(image.pixel(int(x), int(y)))

        assert colour_at("MX") == QColor(GROUP_COLOURS[0])  # recognised as genocide
        assert colour_at("PY") == QColor(GROUP_COLOURS[1])  # condemned as a massacre
        assert colour_at("BR") not in (QColor(c) for c in GROUP_COLOURS)  # not named
