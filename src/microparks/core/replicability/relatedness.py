r"""Relatedness of each region to the industries that micro-parks host.

A region is ready to host an industry it does not yet specialise in when it specialises in
industries close to it (Hidalgo et al. 2007; Neffke, Henning & Boschma 2011). With presence
:math:`M_{cj} = [\mathrm{LQ}_{cj} \ge 1]`, proximity :math:`\phi` and density
:math:`\omega_{ci}` from :mod:`microparks.core.targeting` (the industry's own presence left out,
since specialisation is an indicator of its own), the indicator is the mean density over the
hosted industries :math:`H` present in the panel:

.. math:: R_c = \frac{1}{|H|} \sum_{i \in H} \omega_{ci} .
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.messages import MessageError, gettext_noop
from microparks.core.targeting import calc_density, calc_lq, calc_presence, calc_proximity

__all__ = ["calc_hosted_relatedness"]


def calc_hosted_relatedness(
    counts: ArrayLike, industries: Sequence[str], hosted: Sequence[str]
) -> NDArray[np.float64]:
    """Mean density of each region around the hosted industries.

    Parameters
    ----------
    counts : array_like
        Region × industry employment (or any size measure); a region whose row sums to zero
        or holds NaN has no industry data and gets NaN.
    industries : sequence of str
        Codes of the columns of ``counts``.
    hosted : sequence of str
        Codes of the industries micro-parks host, at the panel's level; codes not among
        ``industries`` are ignored.

    Returns
    -------
    numpy.ndarray
        One value in [0, 1] per region (NaN without industry data).

    Raises
    ------
    ValueError
        When no hosted industry is a column of the panel.

    Examples
    --------
    >>> counts = [[10, 10, 0], [10, 0, 10], [10, 10, 0], [0, 10, 10]]
    >>> calc_hosted_relatedness(counts, ["A", "B", "C"], ["C"]).round(3).tolist()
    [1.0, 0.5, 1.0, 0.5]

    """
    x = np.asarray(counts, dtype=np.float64)
    codes = list(industries)
    columns = sorted({codes.index(h) for h in hosted if h in codes})
    if not columns:
        raise MessageError(gettext_noop("none of the hosted industries is in the panel"))
    out = np.full(x.shape[0], np.nan)
    valid = np.isfinite(x).all(axis=1) & (x.sum(axis=1) > 0)
    if valid.sum() < 2:
        return out
    presence = calc_presence(calc_lq(x[valid]))
    density = calc_density(presence, calc_proximity(presence))
    out[valid] = np.nanmean(density[:, columns], axis=1)
    return out
