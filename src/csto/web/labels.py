"""Names for ids in templates: a rival account's title instead of its id.

``event_title`` is a template global (registered when this module is imported, as the rules pages
do): ``{{ event_title(id) }}`` in any page template gives the event's title, or the id itself if the
store no longer has it, so a page never fails over a label.
"""

from __future__ import annotations

import logging
from typing import Any

from jinja2 import pass_context

from csto.store import UnknownEntityError
from csto.web.pages import kb_of, templates

log = logging.getLogger("csto.web")


@pass_context
def event_title(context: Any, event_id: str) -> str:
    """The title of the event ``event_id``, read from the page's store; the id if it cannot be found."""
    request = context.get("request")
    if request is None:
        return event_id
    try:
        return str(kb_of(request).event(event_id).title)
    except UnknownEntityError:
        return event_id


templates.env.globals["event_title"] = event_title
