"""``digest serve``'s parts: the file watcher, the loopback HTTP server, the reload script."""
