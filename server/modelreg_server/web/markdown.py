"""Model cards: a model's description rendered from Markdown into HTML that cannot run anything.

A description is written by anyone who may edit the model and read by everyone who may read it,
so it is untrusted input shown inside a page that holds a signed-in session. Two layers, each
enough on its own for what the other misses:

1. markdown-it-py (CommonMark, plus tables and strikethrough) with raw HTML *off*: `<script>` or
   `<img onerror=...>` typed into a card is shown as the text it is, never parsed as markup; its
   link validator already drops `javascript:`, `vbscript:`, `file:` and `data:` links.
2. nh3 (the Rust ammonia sanitiser) cleans the result against an allow-list: only the tags
   Markdown itself produces, only the attributes listed below, link and image URLs only
   http/https/mailto or relative, `rel="noopener noreferrer"` on every link. No script or style
   element, no `on*` handler, no `style` attribute and no other URL scheme survives, whatever a
   future markdown-it option or plugin lets through.
"""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code", "pre",
        "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])


def card(text: str) -> Markup:
    """The sanitised HTML of a Markdown model card, safe to put in a page unescaped."""
    if not text.strip():
        return Markup("")
    html = _parser.render(text)
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer", strip_comments=True))
