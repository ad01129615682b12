"""Live streams: Agora channels and tokens, the viewer count, paid gifts and the WebSocket audience."""
