"""Exhibition kiosk: a full-screen touchscreen application driven by validated stand folders."""

__version__ = "0.1.0"
