"""A Markdown extension that raises inside the renderer when an article's body says BOOM.

A fixture for catalogue case 16 and goal G2 (an exception at a random article).
"""

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor


class Boom(Preprocessor):
    def run(self, lines):
        if any("BOOM" in line for line in lines):
            raise ZeroDivisionError("the fixture extension exploded")
        return lines


class BoomExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Boom(md), "boom", 1)


def makeExtension(**kwargs):
    return BoomExtension(**kwargs)
