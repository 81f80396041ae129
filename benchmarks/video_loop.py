"""A video looped on the kiosk's real window for a long time (issue 16): memory and frames.

Starts the kiosk (in a child process) on an Xvfb screen of its own (the xcb platform,
software renderer, as a PC without a GPU runs it; or $DISPLAY with `--use-display`), with a
fresh HOME, starts a visit and plays the media test stand's video
(tests/fixtures/media-stand, 320x180 at 15 frames a second), or `--clip FILE` in its place,
again each time it ends, for `--minutes` (default 60). Every `--sample` seconds it records:

- the process's resident memory (VmRSS), and so its growth from the end of the first
  minute (the decoder, caches and fonts loaded) to the end;
- frames: those the decoder handed to the kiosk (Qt Multimedia's video sink), those turned
  into pictures (the kiosk's converting thread keeps only the latest when it falls behind),
  those painted on the window; against those the clip holds for the time played: dropped
  = expected - painted (never negative);
- the user interface thread's stalls: a timer due every 10 ms, late by more than 50 ms.

Run (from the repository root, in the virtual environment):

    python benchmarks/video_loop.py --minutes 60
    python benchmarks/video_loop.py --minutes 5 --clip /tmp/full-hd.mp4
    python benchmarks/video_loop.py --minutes 60 --write docs/performance-runtime.md

`--write` replaces only this script's section of the file (between its marker comments).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from frames import (
    ROOT,
    display_for,
    machine_lines,
    qt_environment,
    relative,
    run_child,
    write_section,
)

SECTION = "video-loop"
MEDIA_STAND = ROOT / "tests" / "fixtures" / "media-stand"
VIDEO = "media/pattern.mp4"
TICK_MS = 10
STALL_MS = 50


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def stand_with(clip: Path | None, scratch: Path) -> Path:
    """The media stand, or a copy of it with `clip` as its video (its duration written in)."""
    if clip is None:
        return MEDIA_STAND
    import av

    with av.open(str(clip)) as container:
        seconds = max(1, round(float(container.duration or 0) / 1_000_000))
    folder = scratch / "stand"
    shutil.copytree(MEDIA_STAND, folder)
    shutil.copyfile(clip, folder / VIDEO)
    document = folder / "stand.yaml"
    text = document.read_text("utf-8")
    document.write_text(re.sub(r"duration: 4\b", f"duration: {seconds}", text, count=1), "utf-8")
    return folder


def child(args: argparse.Namespace) -> int:
    import av
    from frames import find_item, log, wait
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtMultimedia import QMediaPlayer

    from kiosk.content import load_stand
    from kiosk.ui.app import Kiosk, register_fonts
    from kiosk.ui.videoframe import VideoFrame

    app = QGuiApplication([sys.argv[0]])
    register_fonts()
    with tempfile.TemporaryDirectory(prefix="kiosk-video-") as scratch:
        stand = stand_with(Path(args.clip) if args.clip else None, Path(scratch))
        with av.open(str(stand / VIDEO)) as container:
            stream = container.streams.video[0]
            fps = float(stream.average_rate or 0)
            size = f"{stream.codec_context.width}x{stream.codec_context.height}"
            codec = stream.codec_context.name
        result = load_stand(stand)
        if result.stand is None:
            raise SystemExit("the stand does not validate: " + "; ".join(
                p.format() for p in result.problems if p.is_error))
        kiosk = Kiosk(result, idle_timeout=24 * 3600)
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        controller, playback = kiosk.controller, kiosk.controller.playback
        controller.activity()
        wait(1500)
        frame = find_item(kiosk.window, "videoFrame")
        assert isinstance(frame, VideoFrame)

        counts = {"decoded": 0, "converted": 0, "painted": 0, "loops": 0, "stalls": 0,
                  "played_ms": 0}
        worst = [0.0]
        last_position = [0]

        def position(ms: int) -> None:
            if ms > last_position[0]:
                counts["played_ms"] += ms - last_position[0]
            last_position[0] = ms

        def again(status: Any) -> None:
            if status == QMediaPlayer.MediaStatus.EndOfMedia:
                counts["loops"] += 1
                last_position[0] = 0
                playback.restart(VIDEO, frame)

        ticker = QTimer(interval=TICK_MS)
        tick_clock = QElapsedTimer()

        def tick() -> None:
            late = tick_clock.restart() - TICK_MS
            worst[0] = max(worst[0], float(late))
            if late > STALL_MS:
                counts["stalls"] += 1

        ticker.timeout.connect(tick)
        playback.play(VIDEO, frame)
        player = playback._player
        playback._parts.property("sink").videoFrameChanged.connect(
            lambda _frame: counts.__setitem__("decoded", counts["decoded"] + 1))
        playback._converter.converted.connect(lambda _image: counts.__setitem__(
            "converted", counts["converted"] + 1))
        player.mediaStatusChanged.connect(again)
        player.positionChanged.connect(position)
        tick_clock.start()
        ticker.start()
        started = time.monotonic()
        samples: list[dict[str, float]] = []
        end = started + args.minutes * 60
        while time.monotonic() < end:
            wait(int(args.sample * 1000))
            elapsed = time.monotonic() - started
            counts["painted"] = frame.painted
            sample = {"s": round(elapsed, 1), "rss_mb": round(rss_mb(), 1), **counts}
            samples.append(sample)
            log(json.dumps(sample))
            if controller.phase != "browsing" or playback.failed:
                raise SystemExit(f"playback stopped: phase {controller.phase}, "
                                 f"failed {playback.failed!r}")
        ticker.stop()
        playback.stop()
        out = {"fps": fps, "size": size, "codec": codec, "clip": relative(stand / VIDEO)
               if not args.clip else args.clip, "minutes": args.minutes, "samples": samples,
               "worst_late_ms": worst[0], "platform": QGuiApplication.platformName()}
        Path(args.out).write_text(json.dumps(out), "utf-8")
        kiosk.window.close()
        del app
    return 0


def report(data: dict[str, Any]) -> str:
    samples = data["samples"]
    last = samples[-1]
    warm = next((s for s in samples if s["s"] >= 60), samples[0])
    expected = last["played_ms"] / 1000 * data["fps"]
    dropped = max(0.0, expected - last["painted"])
    hours = max(1e-9, (last["s"] - warm["s"]) / 3600)
    growth = last["rss_mb"] - warm["rss_mb"]
    peak = max(s["rss_mb"] for s in samples)
    lines = [
        f"Clip: `{data['clip']}`, {data['codec']} {data['size']} at {data['fps']:g} frames a "
        f"second, looped for {last['s'] / 60:.1f} minutes ({last['loops']} times) on the "
        f"{data['platform']} platform, software renderer.",
        "",
        "| Measure | Value |",
        "|---|---|",
        f"| Resident memory after the first minute | {warm['rss_mb']:.1f} MB |",
        f"| Resident memory at the end | {last['rss_mb']:.1f} MB (peak {peak:.1f} MB) |",
        f"| Growth from the first minute to the end | {growth:+.1f} MB "
        f"({growth / hours:+.1f} MB an hour) |",
        f"| Frames the clip holds for the time played | {expected:.0f} |",
        f"| Decoded (handed to the kiosk) | {last['decoded']} |",
        f"| Turned into pictures | {last['converted']} |",
        f"| Painted | {last['painted']} |",
        f"| Dropped (expected - painted) | {dropped:.0f} ({100 * dropped / max(1, expected):.2f}%) |",
        f"| UI thread stalls over {STALL_MS} ms (a {TICK_MS} ms timer late) | {last['stalls']} "
        f"(worst {data['worst_late_ms']:.0f} ms) |",
        "",
        "Resident memory, sampled:",
        "",
        "| Minute | RSS (MB) | Loops |",
        "|---|---|---|",
    ]
    step = max(1, len(samples) // 12)
    for sample in samples[::step] + ([last] if samples[::step][-1] is not last else []):
        lines.append(f"| {sample['s'] / 60:.1f} | {sample['rss_mb']:.1f} | {sample['loops']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--sample", type=float, default=30.0, help="seconds between samples")
    parser.add_argument("--clip", default="", help="a video to loop in place of the test clip")
    parser.add_argument("--use-display", action="store_true")
    parser.add_argument("--write", type=Path, help="write the results into this Markdown file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    with display_for("xcb", args.use_display) as (platform, display, _server), \
            tempfile.TemporaryDirectory(prefix="kiosk-home-") as home:
        env = qt_environment(platform, display, home=Path(home))
        env["PYTHONPATH"] = f"{ROOT}:{Path(__file__).parent}"
        arguments = ["--minutes", str(args.minutes), "--sample", str(args.sample)]
        if args.clip:
            arguments += ["--clip", str(Path(args.clip).resolve())]
        data = run_child(Path(__file__), arguments, env, timeout=args.minutes * 60 + 300)
    clip = f" ({Path(args.clip).name})" if args.clip else ""
    body = "\n".join([f"### A video looped for {args.minutes:g} minutes{clip} "
                      "(`benchmarks/video_loop.py`)", "", *machine_lines("xcb"), "",
                      report(data)])
    print(body)
    if args.write:
        name = f"{SECTION}-{Path(args.clip).stem}" if args.clip else SECTION
        write_section(args.write, name, body, "Runtime performance")
    return 0


if __name__ == "__main__":
    sys.exit(main())
