r"""Peers: the regions most similar to a pilot on chosen indicators, and what differs.

Indicators are standardised over the regions with complete data (z-scores); the distance is the
weighted Euclidean distance :math:`d(p, r) = \sqrt{\sum_j w_j (z_{pj} - z_{rj})^2}` with
weights summing to the number of indicators (equal weights give the plain Euclidean distance).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from microparks.core.messages import Message, MessageError, gettext_noop, joined

__all__ = ["DIFFERS", "PeerError", "PeerResult", "UnknownPeerError", "rank_peers"]

DIFFERS = gettext_noop("%(indicator)s %(dz)s sd")
"""How a peer differs from the pilot on one indicator, in standard deviations."""


class PeerError(MessageError):
    """No peers: the pilot misses an indicator, an indicator has no spread (translatable)."""


class UnknownPeerError(PeerError, KeyError):
    """The pilot or an indicator is not in the data (a :class:`KeyError` too)."""


@dataclass(frozen=True)
class PeerResult:
    """Nearest regions to a pilot.

    Attributes
    ----------
    pilot : str
    table : pandas.DataFrame
        Index = peer region, ordered by ``distance``; columns ``distance``, ``differs`` (the
        indicators that differ most, with the direction, e.g. ``"rural_share +1.2 sd"``) and
        one ``<indicator>_dz`` column per indicator (peer minus pilot, in standard deviations).
    indicators : tuple of str
    excluded : int
        Regions left out for missing indicators.
    differs : tuple of Message
        The ``differs`` column as messages, one per peer in the table's order (the table, a
        frame of text, holds their English).

    """

    pilot: str
    table: pd.DataFrame
    indicators: tuple[str, ...]
    excluded: int
    differs: tuple[Message, ...] = ()


def rank_peers(
    regions: pd.DataFrame,
    pilot: str,
    indicators: Sequence[str],
    *,
    k: int = 10,
    weights: Mapping[str, float] | None = None,
    candidates: Sequence[str] | None = None,
) -> PeerResult:
    """The ``k`` regions nearest to ``pilot`` in standardised indicator space.

    Parameters
    ----------
    regions : pandas.DataFrame
        Index = region code; indicator columns.
    pilot : str
        Region code of the pilot.
    indicators : sequence of str
        Columns to compare on.
    k : int, default 10
        Number of peers.
    weights : mapping of str to float, optional
        Indicator weights (rescaled to sum to the number of indicators).
    candidates : sequence of str, optional
        Restrict peers to these regions (e.g. one province); standardisation still uses all.

    Returns
    -------
    PeerResult

    Raises
    ------
    UnknownPeerError
        Unknown pilot or indicator (a :class:`KeyError`).
    PeerError
        The pilot misses an indicator, or an indicator has no spread (a :class:`ValueError`).

    """
    names = list(indicators)
    data, excluded = _complete_rows(regions, pilot, names)
    z = _zscores(data, names)
    w = _peer_weights(weights, names)
    dz = z - z[data.index.get_loc(pilot)]
    frame = pd.DataFrame(dz, index=data.index, columns=[f"{n}_dz" for n in names])
    frame.insert(0, "distance", np.sqrt((w * dz**2).sum(axis=1)))
    frame = frame.drop(index=pilot)
    if candidates is not None:
        frame = frame[frame.index.isin(list(candidates))]
    frame = frame.sort_values("distance", kind="stable").head(k)
    differs = _differs(frame, names)
    frame.insert(1, "differs", [str(d) for d in differs])
    return PeerResult(
        pilot=pilot,
        table=frame,
        indicators=tuple(names),
        excluded=excluded,
        differs=tuple(differs),
    )


def _complete_rows(regions: pd.DataFrame, pilot: str, names: list[str]) -> tuple[pd.DataFrame, int]:
    """The numeric indicator values of the regions that have them all, and how many do not.

    The pilot must be among them: a peer search cannot start from a missing value.
    """
    absent = [n for n in names if n not in regions.columns]
    if absent:
        raise UnknownPeerError(
            gettext_noop("indicator column(s) not in the data: %(names)s"),
            {"names": joined(absent)},
        )
    if pilot not in regions.index:
        raise UnknownPeerError(
            gettext_noop("region %(region)s is not in the data"), {"region": repr(pilot)}
        )
    values = regions[names].apply(pd.to_numeric, errors="coerce").astype(np.float64)
    complete = values.notna().all(axis=1).to_numpy()
    if not complete[regions.index.get_loc(pilot)]:
        missing = [n for n in names if pd.isna(values.loc[pilot, n])]
        raise PeerError(
            gettext_noop("region %(region)s misses indicator(s) %(names)s"),
            {"region": repr(pilot), "names": joined(missing)},
        )
    return values[complete], int((~complete).sum())


def _zscores(data: pd.DataFrame, names: list[str]) -> npt.NDArray[np.float64]:
    """Each indicator standardised: (x − mean) / population standard deviation."""
    mean = data.mean()
    std = data.std(ddof=0)
    flat = [n for n in names if not std[n] > 0]
    if flat:
        raise PeerError(
            gettext_noop("indicator(s) without spread cannot be standardised: %(names)s"),
            {"names": joined(flat)},
        )
    z: npt.NDArray[np.float64] = ((data - mean) / std).to_numpy()
    return z


def _peer_weights(weights: Mapping[str, float] | None, names: list[str]) -> npt.NDArray[np.float64]:
    """The indicator weights rescaled to sum to the number of indicators (all 1 by default)."""
    w = np.ones(len(names)) if weights is None else np.array([weights.get(n, 0.0) for n in names])
    if not w.sum() > 0:
        raise PeerError(gettext_noop("peer weights sum to zero"))
    rescaled: npt.NDArray[np.float64] = w * len(names) / w.sum()
    return rescaled


def _differs(frame: pd.DataFrame, names: list[str]) -> list[Message]:
    """Per peer the two indicators that differ most from the pilot, signed, in sd."""
    dz_top = frame[[f"{n}_dz" for n in names]].to_numpy()
    order = np.argsort(-np.abs(dz_top), axis=1)[:, :2]
    return [
        Message(
            "%(differs)s",
            {
                "differs": tuple(
                    Message(DIFFERS, {"indicator": names[j], "dz": f"{dz_top[i, j]:+.1f}"})
                    for j in order[i]
                )
            },
        )
        for i in range(len(frame))
    ]
