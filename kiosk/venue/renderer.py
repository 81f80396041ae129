"""Which scene graph draws the kiosk: a GPU through OpenGL, or Qt Quick's software renderer.

No Qt here: `choose` decides from facts gathered cheaply (the `renderer` setting, the
environment, the Qt platform, the machine's DRM render nodes and their kernel drivers) and
calls the one expensive probe (an OpenGL context, to read `GL_RENDERER`; see
`kiosk.ui.app.probe_gl_renderer`) only when those facts cannot tell.

Why it matters: without a GPU, Qt Quick's default (OpenGL) runs on Mesa's llvmpipe, a
software OpenGL. It draws the same pixels as Qt's own software renderer but costs about
twice the memory (the LLVM compiler and the driver, ~60 MB more) and 0.1-0.2 s more to the
first frame (docs/benchmarks.md). So a machine with no GPU gets the software renderer.

What each fact costs (measured on a 2-CPU machine, docs/benchmarks.md): the environment and
the render nodes under a millisecond (a directory listing and a link read in /sys); the GL
probe 40-70 ms and ~58 MB of peak memory, since the driver it loads stays in the process.
Hence the order: the setting, then the environment, then the render nodes; the probe only
for a render node whose driver is not known.
"""

from __future__ import annotations

import glob
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger("kiosk.renderer")

Setting = Literal["auto", "gpu", "software"]
SETTINGS: tuple[Setting, ...] = ("auto", "gpu", "software")

SOFTWARE_GL = ("llvmpipe", "softpipe", "swiftshader", "software rasterizer", "swrast")
"""Words in a GL_RENDERER string that mean OpenGL drawn by the CPU."""

GPU_DRIVERS = frozenset({
    "i915", "xe", "amdgpu", "radeon", "nouveau", "nvidia", "msm", "v3d", "vc4", "panfrost",
    "panthor", "lima", "etnaviv", "asahi", "powervr", "tegra", "mali", "imagination",
})
"""Kernel drivers of render nodes that belong to a GPU with 3D acceleration."""

NO_3D_DRIVERS = frozenset({
    "vgem", "vkms", "qxl", "bochs-drm", "bochs_drm", "cirrus", "cirrus-qemu", "ast",
    "mgag200", "hyperv_drm", "udl", "simpledrm", "gm12u320",
})
"""Kernel drivers of render nodes with no 3D engine behind them (virtual or display-only)."""

NO_GL_PLATFORMS = frozenset({"offscreen", "minimal", "vnc", "linuxfb"})
"""Qt platforms on which Qt Quick gets no OpenGL (or can hang waiting for it)."""


@dataclass(frozen=True)
class RenderNode:
    name: str  # renderD128
    driver: str  # the kernel driver's name, "" when it could not be read
    usable: bool = True
    """Whether this user may open it (read and write). Mesa falls back to llvmpipe, on the
    CPU, when it may not: a kiosk user outside the `render` group has no GPU."""


@dataclass(frozen=True)
class Choice:
    renderer: Literal["gpu", "software", "environment"]
    """"environment": QT_QUICK_BACKEND or QSG_RHI_BACKEND is set, and Qt follows it."""
    reason: str
    probed: bool = False  # whether an OpenGL context was made to decide


def render_nodes(dri: str = "/dev/dri", sysfs: str = "/sys/class/drm") -> tuple[RenderNode, ...]:
    """The DRM render nodes (`/dev/dri/renderD*`) and their kernel drivers: no GPU, none."""
    nodes = []
    for path in sorted(glob.glob(os.path.join(dri, "renderD*"))):
        name = os.path.basename(path)
        try:
            driver = os.path.basename(os.readlink(os.path.join(sysfs, name, "device", "driver")))
        except OSError:
            driver = ""
        nodes.append(RenderNode(name, driver, os.access(path, os.R_OK | os.W_OK)))
    return tuple(nodes)


def choose(
    setting: Setting,
    *,
    environ: Mapping[str, str],
    platform: str,
    nodes: Sequence[RenderNode],
    probe: Callable[[], str | None],
) -> Choice:
    """The renderer for this start, and why. `probe` returns the GL_RENDERER string of an
    OpenGL context (None when no context can be made); it is called only when the other facts
    cannot tell."""
    backend = environ.get("QT_QUICK_BACKEND", "").strip()
    rhi = environ.get("QSG_RHI_BACKEND", "").strip()
    if backend or rhi:
        named = f"QT_QUICK_BACKEND={backend}" if backend else f"QSG_RHI_BACKEND={rhi}"
        extra = f" (the setting renderer: {setting} is not used)" if setting != "auto" else ""
        return Choice("environment", f"{named} is set in the environment{extra}")
    if setting == "software":
        return Choice("software", "the setting renderer: software")
    if setting == "gpu":
        return Choice("gpu", "the setting renderer: gpu")
    if platform in NO_GL_PLATFORMS:
        return Choice("software", f"the Qt platform '{platform}' has no OpenGL")
    if not nodes:
        return Choice("software", "no GPU: this machine has no DRM render node (/dev/dri/renderD*)")
    usable = [node for node in nodes if node.usable]
    if not usable:
        listed = ", ".join(f"/dev/dri/{node.name}" for node in nodes)
        return Choice("software", f"this user may not open the render node ({listed}), so OpenGL "
                                  "would be drawn by the CPU; add the user to the group of "
                                  "that file (often 'render') for the GPU")
    nodes = usable
    drivers = sorted({node.driver for node in nodes})
    listed = ", ".join(f"{node.name} ({node.driver or 'driver unknown'})" for node in nodes)
    if any(driver in GPU_DRIVERS for driver in drivers):
        return Choice("gpu", f"a GPU: render node {listed}")
    if all(driver in NO_3D_DRIVERS for driver in drivers):
        return Choice("software", f"no GPU with 3D: render node {listed}")
    renderer = probe()
    if renderer is None:
        return Choice("software", f"no OpenGL context could be made (render node {listed})",
                      probed=True)
    if is_software_gl(renderer):
        return Choice("software", f"OpenGL is drawn by the CPU: {renderer} (render node "
                                  f"{listed})", probed=True)
    return Choice("gpu", f"OpenGL on {renderer} (render node {listed})", probed=True)


def is_software_gl(renderer: str) -> bool:
    lowered = renderer.lower()
    return not lowered.strip() or any(word in lowered for word in SOFTWARE_GL)
