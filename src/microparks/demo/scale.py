"""Copies of the demo county's parks and firms for ``microparks demo --scale N``.

Copy 1 is the demo as it always was. Each further copy is drawn from its own seed inside the
same county (same townships, veto zones, departments and accounts) and then renumbered so that
every natural key stays unique: parks continue the county's numbering (``…-P06`` onwards) and
take a numbered name (``…小微园（2）``), as do the copy's firms and prospects; site codes
continue each township's counter and credit codes are drawn against those already taken, so
neither needs renumbering here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from microparks.demo.model import (
    DemoEnterprise,
    DemoLease,
    DemoPark,
    DemoProspect,
    DemoRecord,
    DemoSite,
    DemoTicket,
    DemoUnit,
)


@dataclass(frozen=True)
class Copy:
    """One copy's parks and everything that hangs on them."""

    sites: tuple[DemoSite, ...]
    parks: tuple[DemoPark, ...]
    units: tuple[DemoUnit, ...]
    enterprises: tuple[DemoEnterprise, ...]
    leases: tuple[DemoLease, ...]
    records: tuple[DemoRecord, ...]
    prospects: tuple[DemoProspect, ...]
    tickets: tuple[DemoTicket, ...]


def numbered(name: str, number: int) -> str:
    """``name`` as the ``number``-th copy names it (the first keeps its name).

    >>> numbered("六圩汽车零部件小微园", 1), numbered("六圩汽车零部件小微园", 3)
    ('六圩汽车零部件小微园', '六圩汽车零部件小微园（3）')
    """
    return name if number == 1 else f"{name}（{number}）"


def renumber(part: Copy, number: int, county_code: str, parks_before: int) -> Copy:
    """``part`` as copy ``number`` (from 1), its parks numbered after ``parks_before`` others."""
    if number == 1:
        return part
    codes = {p.code: f"{county_code}-P{parks_before + i + 1:02d}" for i, p in enumerate(part.parks)}

    def park(code: str | None) -> str | None:
        return None if code is None else codes[code]

    replace = dataclasses.replace
    return Copy(
        sites=tuple(replace(s, park_code=park(s.park_code)) for s in part.sites),
        parks=tuple(
            replace(p, code=codes[p.code], name=numbered(p.name, number)) for p in part.parks
        ),
        units=tuple(replace(u, park_code=codes[u.park_code]) for u in part.units),
        enterprises=tuple(
            replace(e, name=numbered(e.name, number), address=_address(e.address, part, number))
            for e in part.enterprises
        ),
        leases=tuple(replace(le, park_code=codes[le.park_code]) for le in part.leases),
        records=part.records,
        prospects=tuple(
            replace(
                p,
                name=numbered(p.name, number),
                company_name=numbered(p.company_name, number),
                target_park_code=park(p.target_park_code),
            )
            for p in part.prospects
        ),
        tickets=tuple(replace(t, park_code=codes[t.park_code]) for t in part.tickets),
    )


def _address(address: str, part: Copy, number: int) -> str:
    """A tenant's address names its park: the copy's park, by its numbered name."""
    for p in part.parks:
        if p.name in address:
            return address.replace(p.name, numbered(p.name, number), 1)
    return address
