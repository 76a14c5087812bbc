"""Phrases that decide who acts in a sentence and whether what it names has happened yet.

"The ministers decided" and "they approved" name a council by its members; "preparing the summit" and "the
session, which is scheduled for November" name a happening still to come.
"""

from __future__ import annotations

import re

# "The ministers decided", "the presidents adopted": the council named last, or the leaders' council
THE_MEMBERS = re.compile(r"\b[Tt]he\s+(ministers|presidents|leaders|heads of state)\b")
# "they approved", "the meeting also signed": the council whose meeting the article reports acted
THEY_ACTED = re.compile(
    r"\b(?:[Tt]hey|[Tt]he\s+(?:meeting|session|participants))\s+(?:also\s+|then\s+)?"
    r"(?:approved|adopted|agreed|decided|signed|endorsed|backed)\b"
)
# "preparing the summit", "preparations for the session": what is prepared has not happened yet
YET_TO_COME = re.compile(
    r"\b(?:prepar(?:e|es|ed|ing|ations?)\s+(?:for\s+)?|run-up to\s+)(?:the\s+|an?\s+)?[\w' -]{0,25}$", re.I
)
# "the summit, which is scheduled for November"
STILL_AHEAD = re.compile(
    r"[^.;]{0,40}?,\s*(?:which|that)\s+(?:is|are|was|were|has been|had been)\s+"
    r"(?:scheduled|planned|due|set|expected)\b",
    re.I,
)
# "said as he met", "said when she received": the meeting the statement was made at
SAID_AS_MET = re.compile(
    r"\b(?:as|when|while|after)\s+(?:he|she|they|the\s+[\w'’ -]{1,40}?)\s+(?:also\s+)?$", re.I
)  # "announced it after the ministers' council met in Bishkek"
# "Makei said the ministers had signed": the members named right after the speech verb did what is reported
SAID_BEFORE_IT = re.compile(r"\b(?:said|says|stated|noted|added|reported|announced)\s+(?:that\s+)?$", re.I)
# "under a decision of the Council adopted on January 6, 2022": a dated decision named beside the main event
DECISION_OF_DAY = re.compile(r"decision\s+of\s+[^.;]{0,80}?\b(?:adopted|taken|made)\s+(?:on|in)\s", re.I)
# "The step-by-step withdrawal started on January 13": the operation reported before, by those who took part
THE_SAME_OPERATION = re.compile(
    r"\W*The\s+(?:[\w-]+\s+){0,2}(?:withdrawal|pull-?out|deployment|operation|mission|exercises?|drills)\b"
)
# "approved his candidacy", "appointed her", "relieved him of his duties": the person named before
HIS_POST = re.compile(
    r"\b(?:his|her)\s+(?:candidacy|nomination|appointment)\b|\b(?:appointed|relieved|dismissed|named|elected)\s+(?:him|her)\b",
    re.I,
)
# "The treaty was signed in Tashkent": the treaty the text named before
THE_DOCUMENT_WORDS = frozenset({"treaty", "charter", "agreement", "protocol", "declaration"})
THE_DOCUMENT = re.compile(r"\b[Tt]he\s+(treaty|charter|agreement|protocol|declaration)\b(?!\s+(?:on|of)\b)")
