"""The panel runner: input fast paths, output layout and the year-by-year equivalence."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from microparks.core.targeting import TargetingWarning, calc_complexity, calc_complexity_panel
from microparks.core.targeting.codes import factorize_labels
from microparks.core.targeting.complexity import calc_eigen, calc_outlook
from microparks.core.targeting.indices import one_blas_thread
from microparks.core.targeting.specialisation import calc_lq


def complete_panel(seed: int = 11, n_r: int = 40, n_i: int = 12, years: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    for y in range(years):
        x = rng.poisson(rng.gamma(0.7, 1.0, (n_r, 1)) * rng.gamma(0.5, 1.0, (1, n_i)) * 60)
        frames.append(
            pd.DataFrame(
                {
                    "year": 2018 + y,
                    "region": np.repeat([f"r{i:03d}" for i in range(n_r)], n_i),
                    "industry": np.tile([f"i{i:02d}" for i in range(n_i)], n_r),
                    "value": x.ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def run(df: pd.DataFrame, **kw: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        return calc_complexity_panel(df, **kw).to_frame()  # type: ignore[arg-type]


def as_plain(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({"year": str, "region": str, "industry": str}).reset_index(drop=True)


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(["b", "a", "b", "c", "a"], dtype="str"),
        pd.concat([pd.Series(["b", "a"], dtype="str"), pd.Series(["c", "b"], dtype="str")]),
        pd.Series(["b", "a", "b", "c", "a"], dtype=object),
        pd.Series([10, 9, 10, 2010, 9]),
        pd.Series([10, 9, None, 9], dtype=object),
        pd.Series(["x", None, "x"], dtype="str"),
        pd.Series(np.array([3, 1, 3], dtype=np.uint8)),
        # Fixed-width text read from the Arrow buffers: runs (sorted), period (tiled), neither.
        pd.Series(np.repeat(["330102", "110101", "330103"], 600), dtype="str"),
        pd.Series(np.tile(["C13", "A01", "C14", "B06"], 2000), dtype="str"),
        pd.Series(np.tile(["县甲", "县乙"], 3000), dtype="str"),
        pd.concat(
            [pd.Series(np.repeat(["ab", "cd"], 5000), dtype="str")] * 2
            + [pd.Series(["ef"], dtype="str")]
        ),
        pd.Series(np.random.default_rng(1).choice(["x1", "y2", "z3"], 9000), dtype="str"),
        pd.concat(
            [pd.Series(np.repeat(["ab"], 5000), dtype="str"), pd.Series(["abc"], dtype="str")]
        ),
        pd.Series(np.repeat(["123456789", "123456780"], 5000), dtype="str"),
        pd.Series(np.repeat(["a", ""], 5000), dtype="str"),
    ],
)
def test_factorize_fast_paths_agree_with_pandas(column: pd.Series) -> None:
    codes, labels = factorize_labels(column)
    raw, uniques = pd.factorize(column, use_na_sentinel=False)  # the general path
    text = [str(uniques[int(c)]) for c in raw]
    assert labels.tolist() == sorted(set(text))  # sorted as text: "10" < "2010" < "9"
    assert [labels[c] for c in codes] == text


def test_sorted_complete_panel_equals_shuffled_and_incomplete_inputs() -> None:
    df = complete_panel()
    fast = as_plain(run(df, density_self="include"))
    shuffled = df.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(as_plain(run(shuffled, density_self="include")), fast)
    # Zero cells left out of the table: the same cube, built by the general path.
    sparse = df[(df["value"] > 0) | (df["region"] == "r000") | (df["industry"] == "i00")]
    assert len(sparse) < len(df)
    pd.testing.assert_frame_equal(as_plain(run(sparse, density_self="include")), fast)


def test_years_with_different_regions_match_year_by_year() -> None:
    df = complete_panel(n_r=30, years=2)
    df = df[~((df["year"] == 2019) & (df["region"] == "r007"))]  # r007 absent in 2019
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        res = calc_complexity_panel(df)
    frame = res.to_frame()
    assert len(frame) == 30 * 12 + 29 * 12
    assert "r007" not in res.years[1].regions
    for y in res.years:
        one = df[df["year"].astype(str) == y.year]
        x = one.pivot_table(index="region", columns="industry", values="value", aggfunc="sum")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TargetingWarning)
            ref = calc_complexity(x.to_numpy(float), regions=list(x.index))
        for name in ("rca", "density", "cog"):
            np.testing.assert_allclose(getattr(y, name), getattr(ref, name), atol=1e-12)
        np.testing.assert_allclose(y.eci, ref.eci, atol=1e-12)
        rows = frame[frame["year"] == y.year]
        np.testing.assert_allclose(rows["cog"].to_numpy(), ref.cog.ravel(), atol=1e-12)
        np.testing.assert_allclose(rows["pci"].to_numpy(), np.tile(ref.pci, len(x)), atol=1e-12)


def test_frame_and_results_share_nothing_the_caller_can_break() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        res = calc_complexity_panel(complete_panel(years=1))
    first = res.to_frame()
    before = res.years[0].density.copy()
    first.loc[:, "density"] = -1.0
    first.loc[0, "rca"] = -1.0
    np.testing.assert_array_equal(res.years[0].density, before)
    second = res.to_frame()
    assert not (second["density"] == -1.0).any()
    assert second["rca"].iloc[0] == res.years[0].rca[0, 0] != -1.0
    np.testing.assert_array_equal(second["density"].to_numpy(), before.ravel())


def test_rca_written_in_place_equals_calc_lq_bitwise() -> None:
    x = np.random.default_rng(5).poisson(3.0, (50, 9)).astype(float)
    x[3] = 0.0
    x[:, 4] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        res = calc_complexity(x)
    np.testing.assert_array_equal(res.rca, calc_lq(x))


def test_eigen_and_outlook_ignore_empty_rows_and_columns() -> None:
    rng = np.random.default_rng(9)
    for shape in ((40, 8), (8, 40)):  # industry side and region side of the eigenproblem
        m = (rng.random(shape) < 0.4).astype(float)
        m[m.sum(axis=1) == 0, 0] = 1.0
        m[0, m.sum(axis=0) == 0] = 1.0
        padded = np.zeros((shape[0] + 2, shape[1] + 1))
        padded[1:-1, 1:] = m  # an empty first and last region, an empty first industry
        a, b = calc_eigen(m), calc_eigen(padded)
        np.testing.assert_allclose(b.kp[1:], a.kp, atol=1e-12)
        np.testing.assert_allclose(b.kc[1:-1], a.kc, atol=1e-12)
        assert b.kp[0] == 0
        assert b.kc[0] == b.kc[-1] == 0
        np.testing.assert_allclose(b.eigenvalues, a.eigenvalues, atol=1e-12)
        co = m.T @ m
        phi = co / np.maximum.outer(np.diag(co), np.diag(co))
        kernel = np.zeros((shape[1] + 1,) * 2)
        kernel[1:, 1:] = phi
        ref = calc_outlook(m, phi, a.kp, scale=2.0)
        out = np.empty(padded.shape), np.empty(padded.shape)
        got = calc_outlook(padded, kernel, b.kp, scale=2.0, density_out=out[0], cog_out=out[1])
        assert got.density is out[0]
        assert got.cog is out[1]
        np.testing.assert_allclose(got.density[1:-1, 1:], ref.density, atol=1e-12)
        np.testing.assert_allclose(got.cog[1:-1, 1:], ref.cog, atol=1e-12)
        np.testing.assert_allclose(got.coi[1:-1], ref.coi, atol=1e-12)
        assert np.isnan(got.density[:, 0]).all()


def test_blas_runs_on_one_thread_and_is_restored() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas_threads() -> list[int]:
        return [
            i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"
        ]

    before = blas_threads()
    with one_blas_thread():
        inside = blas_threads()
    assert inside
    assert set(inside) == {1}
    assert blas_threads() == before
