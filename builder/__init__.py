"""newsdigest: a static-site generator for publishing a news digest.

The build is a pipeline (see ``pipeline.py``)::

    discover -> load -> index -> plan -> render -> write
"""

__version__ = "0.1.0"
