"""What the domain apps share on the web, so that none of them imports the pages app.

Role checks (:mod:`.permissions`), the API's error bodies and scoped look-ups (:mod:`.api`),
display and download helpers, the page layout (``common/base.html``) with its map and
pagination partials and static files, and the ``units`` template filters. The top-level pages
live in :mod:`microparks.apps.web`, which domain apps never import.
"""
