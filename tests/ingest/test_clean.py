"""Cleaning: furniture masked with offsets kept, HTML main text, Markdown syntax, listings split into items."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from csto.ingest.clean import clean, mask_furniture
from csto.ingest.listing import split_items
from csto.ingest.models import RawDocument

PAGE = """Kazakhstan hosts the summit

Ainur Example, political observer
Views: 1234
Home, World, Politics, CSTO, Video
On 5 June 2024 the leaders met in Almaty and signed a declaration on security.
[caption id="1" align="left"] Photo: the leaders[/caption] The talks lasted two hours.
 Photo courtesy of the author
Subscribe to our channel on Telegram
Dear Readers, comments are moderated according to the rules of the site.
Prohibited from publication: comments with insults.
If you find an error, please select a piece of text and press Ctrl + Enter.
  • May 2024
    Mon Tues Wed Thurs Fri Sat Sun
     12345
    6789101112
Go back
"""


def test_furniture_is_masked_and_offsets_are_kept() -> None:
    masked, kept, author = mask_furniture(PAGE)
    assert len(masked) == len(PAGE)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(PAGE) if c == "\n"]
    remaining = " ".join(masked[a:b] for a, b in kept)
    for gone in ("Views", "Politics, CSTO", "caption", "Photo", "Subscribe", "Dear Readers", "Prohibited",
                 "Ctrl", "Mon Tues", "12345", "May 2024", "Go back", "political observer"):  # fmt: skip
        assert gone not in remaining, gone
    assert "On 5 June 2024 the leaders met in Almaty" in remaining
    assert "The talks lasted two hours." in remaining
    assert author == "Ainur Example"
    for start, end in kept:
        assert masked[start:end] == PAGE[start:end] or "caption" in PAGE[start:end]


def test_title_is_the_first_headline_line() -> None:
    cleaned = clean(RawDocument("x", text=PAGE))
    assert cleaned.title == "Kazakhstan hosts the summit"
    assert cleaned.text_kind == "source"


def test_html_main_text_and_metadata() -> None:
    html = """<html><head><title>Drills open | Wire</title>
    <meta property="article:published_time" content="2024-09-27T08:00:00Z"></head><body>
    <nav><a href="/">Home</a> <a href="/sub">Subscribe</a></nav>
    <article><h1>Drills open</h1><p>The exercise opened today in Kazakhstan with troops from five states,
    the joint staff said in a statement on its website.</p>
    <p>The drills will last a week and end with a live-fire stage.</p></article>
    <footer>Comments are moderated. Read our rules.</footer></body></html>"""
    cleaned = clean(RawDocument("page.html", html=html, fmt="html"))
    assert cleaned.text_kind == "extracted" and cleaned.extractor == "trafilatura"
    assert "The exercise opened today in Kazakhstan" in cleaned.text
    assert "Home" not in cleaned.text and "moderated" not in cleaned.text
    assert cleaned.published == "2024-09-27"
    assert cleaned.title == "Drills open"


def test_html_without_an_article_falls_back() -> None:
    cleaned = clean(RawDocument("x.html", html="<html><body><div>Short note</div></body></html>", fmt="html"))
    assert "Short note" in cleaned.text


def test_markdown_front_matter_and_syntax_are_masked() -> None:
    text = "---\ntitle: T\ndate: 2024-01-20\n---\n# Peacekeepers leave\n\nThe **last** unit left [Almaty](https://x.org).\n"
    cleaned = clean(RawDocument("a.md", text=text, fmt="md", title="T", published="2024-01-20"))
    body = cleaned.masked
    assert "title:" not in body and "**" not in body and "](" not in body
    assert body.index("Peacekeepers leave") == text.index("Peacekeepers leave")
    assert "The   last   unit left  Almaty" in " ".join(body.split("\n"))


def test_listing_split_by_date_lines() -> None:
    page = (
        "12.09.2024\n\nOn 12 September the secretariat hosted a meeting.\n\n"
        "11.09.2024\n\nFrom 2 to 6 September an exercise was held.\n\n"
        "Interview of the Secretary General to a newspaper\n\n"
        "Interview of the Secretary General to a newspaper 09.09.2024\n\nQuestion and answer.\n"
    )
    items = split_items(page)
    assert [i.date_text for i in items] == ["12.09.2024", "11.09.2024", "09.09.2024"]
    assert page[items[2].span[0] :].startswith("Interview of the Secretary General to a newspaper\n")
    assert items[2].title == "Interview of the Secretary General to a newspaper"


def test_listing_split_by_titles_and_single_articles_stay_whole() -> None:
    body = "A paragraph of the article that is long enough to be a body. " * 5
    page = "\n\n".join(
        ["Kyrgyzstan Hosts CSTO Exercises", body, "CSTO To Hold Series Of Drills", body,
         "Russia pushes allies to legalise private companies", body, "Almaty Hosts A Meeting Of Ministers", body]
    )  # fmt: skip
    items = split_items(page)
    assert [i.title for i in items] == [
        "Kyrgyzstan Hosts CSTO Exercises",
        "CSTO To Hold Series Of Drills",
        "Russia pushes allies to legalise private companies",
        "Almaty Hosts A Meeting Of Ministers",
    ]
    article = "Sideline Discussions\n\n" + body + "\n\nPredictability\n\n" + body + "\n\nBelousov\n\n" + body
    assert split_items(article) == []


@given(
    st.lists(
        st.sampled_from(["Go back", "Views: 12", "The talks ended.", "Subscribe to our news", "", "12345"]), max_size=12
    )
)
def test_masking_never_moves_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    masked, kept, _ = mask_furniture(text)
    assert len(masked) == len(text)
    assert all(masked[a:b] == text[a:b] for a, b in kept)
