"""Content files written for editors: wire copy (``digest import``) and ``digest new``."""
