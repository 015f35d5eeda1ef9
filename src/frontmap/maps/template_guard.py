"""Map code, once rendered, is never read again as a template.

branca (0.8) renders each folium element's macros, then wraps the text it made in a new `Element`,
whose constructor compiles that text as a Jinja template; a render of the whole map (an HTML export)
renders it once more. So a `{{ ... }}` in a name, title or tooltip, from a data folder or an upload,
ran as Jinja on the server (`{{ lipsum.__globals__.os.name }}` reached Python's `os`), and a stray
`{%` raised an error. Compiling that text was also a quarter of a `/front` run's CPU with twenty
viewers. `guard()` makes `MacroElement.render` keep what a macro made as plain text: the output is
the same, and nothing in it is parsed again.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement
from jinja2 import Template


class RenderedText(Element):
    """Text a macro has made, rendered as it is."""

    _template = Template("{{ this.text }}")  # no autoescape: the text is already the page's code

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RenderedText"
        self.text = text


def _render(self: MacroElement, **kwargs) -> None:
    """branca's `MacroElement.render`, with the macros' output kept as `RenderedText`."""
    figure = self.get_root()
    if not isinstance(figure, Figure):
        raise TypeError("You cannot render this Element if it is not in a Figure.")
    macros = self._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = macros.get(part)
        if macro is not None:
            getattr(figure, part).add_child(RenderedText(macro(self, kwargs)), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


def guard() -> None:
    """Install the guarded render (once; folium's elements reach it through `super().render`)."""
    MacroElement.render = _render
