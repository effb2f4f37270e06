"""The Socket.IO shell: parse payloads, call services, emit what they return."""
