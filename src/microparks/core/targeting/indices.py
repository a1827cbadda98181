"""All specialisation, relatedness and complexity measures of one year, with provenance.

:func:`calc_complexity` is the single entry point used by the panel runner, the CLI and the
apps. It never lets an awkward year turn into noise:

* regions or industries whose total is 0 carry only their value (RCA and everything else NaN);
* regions with no industry at the threshold and industries present nowhere keep RCA, presence,
  diversity and ubiquity but are left out of proximity, density, ECI/PCI, COI and COG;
* a disconnected region–industry network or a tiny eigen-gap makes ECI, PCI, COI and COG NaN
  for the year, with a warning — the eigenvector is not determined there.

Each case is listed in :attr:`ComplexityResult.warnings` and raised as a
:class:`TargetingWarning`.
"""

from __future__ import annotations

import hashlib
import warnings as _warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.targeting.complexity import calc_eigen, calc_outlook, is_connected
from microparks.core.targeting.relatedness import calc_cooccurrence, proximity_from_cooccurrence
from microparks.core.targeting.specialisation import calc_lq, calc_presence, check_matrix

DensitySelf = Literal["include", "exclude"]
FloatArray = NDArray[np.float64]
DEFAULT_EIGENGAP_TOL = 1e-6
SIGN_TOL = 1e-9


class TargetingWarning(UserWarning):
    """A year whose measures are partly undefined (see the result's ``warnings``)."""


@dataclass(frozen=True)
class ComplexityResult:
    """Every measure of one year; arrays are indexed by ``regions`` × ``industries``.

    Attributes
    ----------
    matrix, rca : numpy.ndarray
        Input matrix and location quotients.
    mcp : numpy.ndarray
        Presence (int8).
    diversity, ubiquity : numpy.ndarray
        Counts of present industries per region and of regions per industry.
    proximity : numpy.ndarray
        Industry × industry proximity (NaN rows/columns for inactive industries).
    density, cog : numpy.ndarray
        Region × industry; NaN outside active regions × active industries.
    eci, coi : numpy.ndarray
        Per region, standardised as in py-ecomplexity.
    pci : numpy.ndarray
        Per industry, standardised by ECI's mean and standard deviation.
    eigenvalues : numpy.ndarray
        Largest eigenvalues of the reflections matrix (1, then the one defining ECI, ...).
    excluded_regions, excluded_industries : tuple of str
        Labels left out of the network measures (no value or no presence).
    warnings : tuple of str
        Why any measure is NaN.

    """

    year: str | None
    regions: tuple[str, ...]
    industries: tuple[str, ...]
    matrix: FloatArray
    rca: FloatArray
    mcp: NDArray[np.int8]
    diversity: NDArray[np.int64]
    ubiquity: NDArray[np.int64]
    proximity: FloatArray
    density: FloatArray
    eci: FloatArray
    pci: FloatArray
    coi: FloatArray
    cog: FloatArray
    eigenvalues: FloatArray
    excluded_regions: tuple[str, ...]
    excluded_industries: tuple[str, ...]
    threshold: float
    density_self: DensitySelf
    input_hash: str
    warnings: tuple[str, ...] = field(default=())


def _labels(labels: Sequence[object] | None, n: int, prefix: str) -> tuple[str, ...]:
    if labels is None:
        return tuple(f"{prefix}{i}" for i in range(n))
    out = tuple(str(v) for v in labels)
    if len(out) != n:
        raise ValueError(f"expected {n} {prefix} labels, got {len(out)}")
    return out


def _hash(values: FloatArray, regions: tuple[str, ...], industries: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(values).data)
    h.update("\x1f".join(regions).encode())
    h.update("\x1e".join(industries).encode())
    return h.hexdigest()


def _standardise(x: FloatArray, mean: float, std: float) -> FloatArray:
    if not np.isfinite(std) or std <= 0:
        return np.full_like(x, np.nan)
    return (x - mean) / std


def calc_complexity(
    values: ArrayLike,
    *,
    regions: Sequence[object] | None = None,
    industries: Sequence[object] | None = None,
    threshold: float = 1.0,
    density_self: DensitySelf = "exclude",
    eigengap_tol: float = DEFAULT_EIGENGAP_TOL,
    year: str | None = None,
) -> ComplexityResult:
    """LQ, presence, proximity, density, diversity, ubiquity, ECI, PCI, COI and COG of a year.

    Parameters
    ----------
    values : array_like
        Non-negative region × industry matrix (employment, output or firm counts).
    regions, industries : sequence, optional
        Row and column labels.
    threshold : float, default 1.0
        Presence when LQ ≥ threshold.
    density_self : {"exclude", "include"}, default "exclude"
        Whether an industry's proximity to itself enters density, COI and COG
        ("include" is py-ecomplexity's convention and reproduces it exactly).
    eigengap_tol : float, default 1e-6
        ECI/PCI are NaN (with a warning) when the two eigenvalues next to the one that defines
        them are closer than this.
    year : str, optional
        Label carried into the result.

    Returns
    -------
    ComplexityResult
        All measures with provenance and warnings.

    References
    ----------
    Hidalgo, C. A., & Hausmann, R. (2009). The building blocks of economic complexity. *PNAS*,
    106(26), 10570-10575. Hausmann, R., Hidalgo, C. A., et al. (2014). *The Atlas of Economic
    Complexity*. MIT Press. Growth Lab, py-ecomplexity 0.5.3.

    """
    if density_self not in ("include", "exclude"):
        raise ValueError(f"density_self must be 'include' or 'exclude', not {density_self!r}")
    x = check_matrix(values)
    n_r, n_i = x.shape
    reg = _labels(regions, n_r, "r")
    ind = _labels(industries, n_i, "i")
    notes: list[str] = []
    where = f"year {year}: " if year is not None else ""

    rca = calc_lq(x)
    mcp = calc_presence(rca, threshold)
    diversity = mcp.sum(axis=1, dtype=np.int64)
    ubiquity = mcp.sum(axis=0, dtype=np.int64)
    act_r = diversity > 0
    act_i = ubiquity > 0
    excl_r = tuple(r for r, a in zip(reg, act_r, strict=True) if not a)
    excl_i = tuple(i for i, a in zip(ind, act_i, strict=True) if not a)
    empty_r = x.sum(axis=1) == 0
    empty_i = x.sum(axis=0) == 0
    for kind, labels, empty, why in (
        ("region(s)", reg, empty_r, f"no industry at LQ ≥ {threshold:g}"),
        ("industry(ies)", ind, empty_i, "present in no region"),
    ):
        active = ~empty & (act_r if kind == "region(s)" else act_i)
        for reason, mask in (("with a total of 0", empty), (why, ~empty & ~active)):
            names = [lab for lab, e in zip(labels, mask, strict=True) if e]
            if names:
                more = " …" if len(names) > 10 else ""
                notes.append(
                    f"{where}{len(names)} {kind} {reason} left out of the network measures: "
                    f"{', '.join(names[:10])}{more}"
                )

    everything = bool(act_r.all() and act_i.all())
    m = (mcp if everything else mcp[np.ix_(act_r, act_i)]).astype(np.float64)
    co = calc_cooccurrence(m)
    phi = proximity_from_cooccurrence(co)
    kernel = phi.copy()
    if density_self == "exclude":
        np.fill_diagonal(kernel, 0.0)

    eigenvalues = np.full(0, np.nan)
    kp: FloatArray | None = None
    kc: FloatArray | None = None
    if m.shape[0] < 2 or m.shape[1] < 2:
        notes.append(f"{where}fewer than two active regions or industries: no ECI/PCI")
    elif not is_connected(co):
        notes.append(
            f"{where}the region–industry network is disconnected: ECI/PCI/COI/COG are undefined"
        )
    else:
        eig = calc_eigen(m)
        eigenvalues = eig.eigenvalues
        gaps = -np.diff(eigenvalues)
        if gaps.size and gaps.min() < eigengap_tol:
            notes.append(
                f"{where}eigen-gap {gaps.min():.3g} below {eigengap_tol:g}: the ECI eigenvector "
                "is not determined, ECI/PCI/COI/COG left undefined"
            )
        elif not eig.diversity_corr > SIGN_TOL:
            notes.append(
                f"{where}ECI is uncorrelated with diversity, so its sign is not determined: "
                "ECI/PCI/COI/COG left undefined"
            )
        else:
            kp, kc = eig.kp, eig.kc

    out = calc_outlook(m, kernel, kp)
    eci_a = np.full(m.shape[0], np.nan)
    pci_a = np.full(m.shape[1], np.nan)
    coi_a = out.coi
    cog_a = out.cog
    if kc is not None and kp is not None:
        mean, std = float(kc.mean()), float(kc.std())
        eci_a = _standardise(kc, mean, std)
        pci_a = _standardise(kp, mean, std)
        cog_a = cog_a / std if std > 0 else np.full_like(cog_a, np.nan)
        coi_a = _standardise(coi_a, float(coi_a.mean()), float(coi_a.std()))

    for note in notes:
        _warnings.warn(note, TargetingWarning, stacklevel=2)

    def fill_cells(a: FloatArray) -> FloatArray:
        if everything:
            return a
        full = np.full((n_r, n_i), np.nan)
        full[np.ix_(act_r, act_i)] = a
        return full

    def fill(a: FloatArray, mask: NDArray[np.bool_]) -> FloatArray:
        if everything:
            return a
        full = np.full(mask.shape[0], np.nan)
        full[mask] = a
        return full

    prox = phi
    if not everything:
        prox = np.full((n_i, n_i), np.nan)
        prox[np.ix_(act_i, act_i)] = phi
    return ComplexityResult(
        year=year,
        regions=reg,
        industries=ind,
        matrix=x,
        rca=rca,
        mcp=mcp,
        diversity=diversity,
        ubiquity=ubiquity,
        proximity=prox,
        density=fill_cells(out.density),
        eci=fill(eci_a, act_r),
        pci=fill(pci_a, act_i),
        coi=fill(coi_a, act_r),
        cog=fill_cells(cog_a),
        eigenvalues=eigenvalues,
        excluded_regions=excl_r,
        excluded_industries=excl_i,
        threshold=float(threshold),
        density_self=density_self,
        input_hash=_hash(x, reg, ind),
        warnings=tuple(notes),
    )
