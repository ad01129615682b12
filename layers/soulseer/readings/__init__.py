"""Readings: the session lifecycle, per-minute billing and the signaling room."""
