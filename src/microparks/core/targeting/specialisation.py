r"""Specialisation: location quotient (Balassa's revealed comparative advantage) and presence.

For a region × industry matrix :math:`X` (employment, output or firm counts)

.. math::

    LQ_{ci} = \frac{X_{ci} / \sum_j X_{cj}}{\sum_d X_{di} / \sum_{d,j} X_{dj}}

(Balassa 1965; Balland, *EconGeo* ``location_quotient``). :math:`M_{ci} = 1` when
:math:`LQ_{ci} \ge` the threshold (1 by default), else 0.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def check_matrix(values: ArrayLike) -> NDArray[np.float64]:
    """Return ``values`` as a 2-D float array, raising on negative or non-finite entries.

    Parameters
    ----------
    values : array_like
        Region × industry matrix.

    Returns
    -------
    numpy.ndarray
        The matrix as float64.

    Raises
    ------
    ValueError
        If the matrix is not 2-D, holds a negative value or a NaN/inf.

    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"expected a region × industry matrix, got {x.ndim} dimension(s)")
    if not np.isfinite(x).all():
        raise ValueError("the matrix holds NaN or infinite values")
    if (x < 0).any():
        raise ValueError("the matrix holds negative values")
    return x


def calc_lq(values: ArrayLike) -> NDArray[np.float64]:
    r"""Location quotient (RCA) of every region in every industry.

    .. math:: LQ_{ci} = (X_{ci} / X_{c\cdot}) / (X_{\cdot i} / X_{\cdot\cdot})

    Parameters
    ----------
    values : array_like
        Non-negative region × industry matrix.

    Returns
    -------
    numpy.ndarray
        Same shape; NaN in the rows of regions and the columns of industries whose total is 0.

    References
    ----------
    Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage. *The
    Manchester School*, 33(2), 99-123. Balland, P.-A. (2017). *EconGeo: Computing key indicators
    of the spatial distribution of economic activities*, R package, ``location_quotient``.

    Examples
    --------
    >>> calc_lq([[10, 10], [30, 50]]).round(4).tolist()
    [[1.25, 0.8333], [0.9375, 1.0417]]

    """
    x = check_matrix(values)
    # Same order of operations as py-ecomplexity, so presence at exactly the threshold agrees.
    row_total = x.sum(axis=1)
    col_total = x.sum(axis=0)[np.newaxis, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        lq: NDArray[np.float64] = x / row_total[:, np.newaxis]
        national = col_total / col_total.sum(axis=1)[:, np.newaxis]
        lq /= national
    lq[row_total == 0, :] = np.nan
    lq[:, col_total[0] == 0] = np.nan
    return lq


def calc_presence(rca: ArrayLike, threshold: float = 1.0) -> NDArray[np.int8]:
    r"""Binary presence :math:`M_{ci} = [RCA_{ci} \ge \text{threshold}]` (NaN counts as absent).

    Parameters
    ----------
    rca : array_like
        Location quotients.
    threshold : float, default 1.0
        Presence threshold.

    Returns
    -------
    numpy.ndarray
        int8 matrix of 0 and 1.

    Examples
    --------
    >>> calc_presence([[1.5, 0.8], [np.nan, 1.0]]).tolist()
    [[1, 0], [0, 1]]

    """
    r = np.asarray(rca, dtype=np.float64)
    return (np.nan_to_num(r, nan=0.0) >= threshold).astype(np.int8)
