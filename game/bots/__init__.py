"""Bots as real clients: they play through the Socket.IO protocol a browser uses."""
