"""One module per ``digest`` verb (MkDocs' ``commands/``): each adds its parser and runs it.

A verb module has ``add_parser(verbs)`` and a ``run(args) -> int`` that it sets as the
parser's default; it returns nothing, or raises the errors ``cli.py`` reports and
turns into an exit code.
"""
