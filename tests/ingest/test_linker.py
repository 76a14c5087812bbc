"""Mentions: exact names and aliases, case, spelling and translation variants, surnames, new people and exercises."""

from __future__ import annotations

from csto.ingest.extract import Extractor
from csto.ingest.lexicon import Lexicon
from csto.ingest.linker import Linker
from csto.ingest.models import Mention
from csto.ingest.roles import role_after, role_before


def find(extractor: Extractor, text: str) -> list[Mention]:
    linker = extractor.linker
    return linker.find(linker.tokenize(text), text)


def pairs(mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(m.text, m.entity) for m in mentions]


def test_names_and_aliases_link_longest_first(extractor: Extractor) -> None:
    text = "The CSTO Secretariat and the Republic of Armenia; the Collective Security Council met in Alma-Ata."
    assert pairs(find(extractor, text)) == [
        ("CSTO Secretariat", "secretariat"),
        ("Republic of Armenia", "armenia"),
        ("Collective Security Council", "collective-security-council"),
        ("Alma-Ata", "almaty"),
    ]


def test_acronyms_are_case_sensitive(extractor: Extractor) -> None:
    assert pairs(find(extractor, "Troops from the US arrived.")) == [("US", "united-states")]
    assert find(extractor, "Let us go; the rf signal was weak.") == []


def test_lower_case_words_do_not_match_capitalised_names(extractor: Extractor) -> None:
    assert find(extractor, "the secretariat of a club and the minsk agreements in lower case") == []


def test_spelling_and_translation_variants(extractor: Extractor) -> None:
    found = find(extractor, "Defence minister Andrei Belousov visited Kirghizia and Tadzhikistan with the ODKB.")
    assert pairs(found) == [
        ("Andrei Belousov", "andrey-belousov"),
        ("Kirghizia", "kyrgyzstan"),
        ("Tadzhikistan", "tajikistan"),
        ("ODKB", "csto"),
    ]
    assert found[0].match == "fuzzy" and found[0].score < 1


def test_demonyms_are_not_fuzzy_matches(extractor: Extractor) -> None:
    assert find(extractor, "The Armenian and Russian delegations spoke.") == []


def test_surnames_and_their_ambiguity(extractor: Extractor) -> None:
    assert pairs(find(extractor, "Later Tasmagambetov spoke.")) == [("Tasmagambetov", "imangali-tasmagambetov")]
    # two stored people are called Japarov: the one named in full in the text wins
    text = "President Sadyr Japarov arrived. Japarov said little."
    assert pairs(find(extractor, text)) == [("Sadyr Japarov", "sadyr-japarov"), ("Japarov", "sadyr-japarov")]
    assert find(extractor, "Japarov said little.") == []


def test_unknown_people_with_a_role_are_proposed(extractor: Extractor) -> None:
    found = find(extractor, "Kremlin spokesman Dmitry Peskov said so. The director of the First Department agreed.")
    assert [(m.entity, m.status, m.kind, m.role) for m in found] == [
        ("dmitry-peskov", "proposed", "person", "Kremlin spokesman")
    ]


def test_exercises_are_linked_or_proposed_by_series(extractor: Extractor) -> None:
    text = "The exercises Unbreakable Brotherhood-2026, “Steppe Eagle” and Cobalt-2025 were held."
    found = find(extractor, text)
    assert [(m.text, m.entity, m.status, m.name) for m in found] == [
        (
            "Unbreakable Brotherhood-2026",
            "indestructible-brotherhood-2026",
            "proposed",
            "Indestructible Brotherhood-2026",
        ),
        ("Steppe Eagle", "steppe-eagle", "proposed", "Steppe Eagle"),
        ("Cobalt-2025", "cobalt-2025", "proposed", "Cobalt-2025"),
    ]
    assert [m.entity for m in find(extractor, "Unbreakable Brotherhood-2024 opened.")] == [
        "indestructible-brotherhood-2024"
    ]


def test_roles_around_names() -> None:
    text = "Kyrgyz President Sadyr Japarov and Andrei Serdyukov, Chief of the CSTO Joint Staff, spoke."
    assert role_before(text, text.index("Sadyr")) == "Kyrgyz President"
    end = text.index("Serdyukov") + len("Serdyukov")
    assert role_after(text, end) == "Chief of the CSTO Joint Staff"
    text = "Speaking after Gizat Nurdauletov, CSTO Secretary General Imangali Tasmagambetov listed them."
    names = [(text.index("Imangali"), text.index("Imangali") + 22)]
    assert role_after(text, text.index(","), names) is None


def test_a_lexicon_from_records_links_without_a_store() -> None:
    lexicon = Lexicon.from_records([{"id": "utopia", "kind": "state", "name": "Utopia", "aliases": ["Outopia"]}])
    linker = Linker(lexicon)
    text = "Outopia and Utopia"
    assert [m.entity for m in linker.find(linker.tokenize(text), text)] == ["utopia", "utopia"]
