"""The renderer choice (kiosk.venue.renderer): decided from injected facts, without Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.venue.renderer import RenderNode, Setting, choose, is_software_gl, render_nodes
from kiosk.venue.settings import load_settings

INTEL = (RenderNode("renderD128", "i915"),)
VIRTIO = (RenderNode("renderD128", "virtio_gpu"),)
VGEM = (RenderNode("renderD128", "vgem"),)


class Probe:
    """A GL probe that answers `renderer` and counts its calls."""

    def __init__(self, renderer: str | None = "Mesa Intel(R) UHD Graphics 620") -> None:
        self.renderer = renderer
        self.calls = 0

    def __call__(self) -> str | None:
        self.calls += 1
        return self.renderer


def decide(setting: Setting = "auto", *, environ: dict[str, str] | None = None,
           platform: str = "xcb", nodes: tuple[RenderNode, ...] = (),
           probe: Probe | None = None) -> tuple[str, str, int]:
    probe = probe or Probe()
    choice = choose(setting, environ=environ or {}, platform=platform, nodes=nodes, probe=probe)
    return choice.renderer, choice.reason, probe.calls


def test_no_render_node_means_software_without_a_gl_probe() -> None:
    renderer, reason, probes = decide(nodes=())
    assert (renderer, probes) == ("software", 0)
    assert "no GPU" in reason and "/dev/dri/renderD" in reason


def test_a_known_gpu_driver_means_gpu_without_a_gl_probe() -> None:
    renderer, reason, probes = decide(nodes=INTEL)
    assert (renderer, probes) == ("gpu", 0)
    assert "renderD128 (i915)" in reason


def test_a_render_node_this_user_may_not_open_means_software() -> None:
    """Mesa would draw on the CPU (llvmpipe) whatever the GPU: say so, and how to fix it."""
    locked = (RenderNode("renderD128", "i915", usable=False),)
    renderer, reason, probes = decide(nodes=locked)
    assert (renderer, probes) == ("software", 0)
    assert "may not open" in reason and "/dev/dri/renderD128" in reason and "group" in reason
    # one usable node of several is enough, and only it is considered
    renderer, reason, _ = decide(nodes=(*locked, RenderNode("renderD129", "amdgpu")))
    assert renderer == "gpu" and "renderD129 (amdgpu)" in reason and "i915" not in reason


def test_a_render_node_without_3d_means_software() -> None:
    assert decide(nodes=VGEM)[:1] == ("software",)
    assert decide(nodes=VGEM)[2] == 0


@pytest.mark.parametrize(("gl", "expected"), [
    ("llvmpipe (LLVM 15.0.6, 256 bits)", "software"),
    ("softpipe", "software"),
    ("Google SwiftShader", "software"),
    ("virgl (AMD Radeon RX 6600)", "gpu"),
    ("", "software"),
    (None, "software"),  # no OpenGL at all
])
def test_an_unknown_driver_is_decided_by_the_gl_renderer(gl: str | None, expected: str) -> None:
    renderer, reason, probes = decide(nodes=VIRTIO, probe=Probe(gl))
    assert (renderer, probes) == (expected, 1)
    if gl:
        assert gl in reason
    else:
        assert "no OpenGL" in reason or "CPU" in reason


@pytest.mark.parametrize("setting", ["gpu", "software"])
def test_the_setting_overrides_the_facts(setting: Setting) -> None:
    for nodes in ((), INTEL, VIRTIO):
        renderer, reason, probes = decide(setting, nodes=nodes)
        assert (renderer, probes) == (setting, 0)
        assert f"renderer: {setting}" in reason


def test_qt_quick_backend_in_the_environment_is_respected_over_everything() -> None:
    renderer, reason, probes = decide("gpu", environ={"QT_QUICK_BACKEND": "software"},
                                      nodes=INTEL)
    assert (renderer, probes) == ("environment", 0)
    assert "QT_QUICK_BACKEND=software" in reason and "renderer: gpu is not used" in reason
    renderer, reason, _ = decide(environ={"QSG_RHI_BACKEND": "vulkan"})
    assert renderer == "environment" and "QSG_RHI_BACKEND=vulkan" in reason


def test_an_empty_environment_variable_is_not_a_choice() -> None:
    assert decide(environ={"QT_QUICK_BACKEND": ""}, nodes=INTEL)[0] == "gpu"


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "vnc"])
def test_platforms_without_opengl_get_software(platform: str) -> None:
    renderer, reason, probes = decide(platform=platform, nodes=INTEL)
    assert (renderer, probes) == ("software", 0)
    assert platform in reason


def test_software_gl_words() -> None:
    assert is_software_gl("llvmpipe (LLVM 19.1.7, 256 bits)")
    assert is_software_gl("Software Rasterizer")
    assert not is_software_gl("NVIDIA GeForce GTX 1650/PCIe/SSE2")
    assert not is_software_gl("AMD Radeon Graphics (radeonsi, renoir, LLVM 15.0.6, DRM 3.42)")


def test_render_nodes_and_their_drivers_are_read_from_dev_and_sys(tmp_path: Path) -> None:
    dri, sysfs = tmp_path / "dri", tmp_path / "sys"
    dri.mkdir()
    (dri / "card0").touch()
    (dri / "renderD128").touch()
    (dri / "renderD129").touch()
    drivers = tmp_path / "drivers"
    (drivers / "amdgpu").mkdir(parents=True)
    device = sysfs / "renderD128" / "device"
    device.mkdir(parents=True)
    os.symlink(drivers / "amdgpu", device / "driver")
    (dri / "renderD129").chmod(0o000)
    expected_usable = os.access(dri / "renderD129", os.R_OK | os.W_OK)  # root may open it
    assert render_nodes(str(dri), str(sysfs)) == (
        RenderNode("renderD128", "amdgpu"), RenderNode("renderD129", "", expected_usable))
    assert render_nodes(str(tmp_path / "none"), str(sysfs)) == ()


@pytest.mark.parametrize(("written", "value", "problems"), [
    ("renderer: software\n", "software", 0),
    ("renderer: gpu\n", "gpu", 0),
    ("renderer: opengl\n", "auto", 1),
    ("", "auto", 0),
])
def test_the_renderer_setting(tmp_path: Path, written: str, value: str, problems: int) -> None:
    config = tmp_path / "settings.yaml"
    config.write_text(f"statistics: false\n{written}")
    result = load_settings(config)
    assert result.settings.renderer == value and result.settings.statistics is False
    assert len(result.problems) == problems
    if problems:
        assert "renderer" in result.problems[0].message
        assert "use one of" in result.problems[0].hint


def test_the_choice_reaches_qt_and_the_log() -> None:
    """In a fresh process, as `kiosk run` makes it: before any window exists."""
    import subprocess
    import sys

    script = (
        "import logging, sys\n"
        "logging.basicConfig(level=logging.INFO, stream=sys.stdout, format='%(message)s')\n"
        "from PySide6.QtQuick import QQuickWindow\n"
        "from kiosk.ui.app import application, choose_renderer\n"
        "application()\n"
        "choice = choose_renderer('auto')\n"
        "print('backend', QQuickWindow.sceneGraphBackend(), choice.probed)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "QT_QUICK_BACKEND"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    assert "renderer: software, because the Qt platform 'offscreen' has no OpenGL" in done.stdout
    # what setGraphicsApi(Software) sets, and no OpenGL context was made to decide
    assert "backend software False" in done.stdout
