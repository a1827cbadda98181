"""Industry profiles of the demo's tenants: typical figures per job and per output.

Orders of magnitude for small labour-intensive manufacturers in a poor county, from county
statistical yearbooks and park reports; each tenant draws its own values uniformly from the
ranges. Energy: electricity is converted at 0.1229 kgce/kWh (GB/T 2589-2020) and fuels added.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryFamily:
    """Typical figures of one kind of small manufacturer."""

    jobs: tuple[int, int]  # latest-year average employees, before scaling to the county total
    floor_m2_per_job: float
    output_per_job_cny: tuple[float, float]
    value_added_share: tuple[float, float]
    tax_share_of_revenue: tuple[float, float]
    kwh_per_10k_cny: float  # electricity per 10,000 CNY of output
    fuel_tce_per_10k_cny: float  # coal, gas or biomass besides electricity
    water_t_per_10k_cny: float
    wastewater: bool  # reports COD and ammonia nitrogen
    vocs_t_per_100m_cny: float  # 0: no VOCs reported
    rd_share: tuple[float, float]  # R&D spending over revenue
    local_share: tuple[float, float]
    rural_share: tuple[float, float]
    origins: tuple[str, ...]  # where relocating firms come from
    relocated_share: float
    plot_share: float  # share of tenants that lease land and build their own plant


FAMILIES = {
    "agri": IndustryFamily(
        jobs=(30, 90), floor_m2_per_job=40, output_per_job_cny=(350_000, 800_000),
        value_added_share=(0.18, 0.25), tax_share_of_revenue=(0.02, 0.035), kwh_per_10k_cny=250,
        fuel_tce_per_10k_cny=0.06, water_t_per_10k_cny=8.0, wastewater=True,
        vocs_t_per_100m_cny=0.0, rd_share=(0.0, 0.006), local_share=(0.9, 0.98),
        rural_share=(0.7, 0.9), origins=("广东省广州市", "湖南省长沙市"), relocated_share=0.2,
        plot_share=0.35,
    ),
    "electronics": IndustryFamily(
        jobs=(80, 220), floor_m2_per_job=25, output_per_job_cny=(250_000, 550_000),
        value_added_share=(0.15, 0.22), tax_share_of_revenue=(0.025, 0.04), kwh_per_10k_cny=120,
        fuel_tce_per_10k_cny=0.0, water_t_per_10k_cny=1.2, wastewater=False,
        vocs_t_per_100m_cny=0.2, rd_share=(0.015, 0.035), local_share=(0.8, 0.92),
        rural_share=(0.55, 0.75), origins=("广东省深圳市", "广东省东莞市", "广东省惠州市"),
        relocated_share=0.8, plot_share=0.0,
    ),
    "garment": IndustryFamily(
        jobs=(70, 180), floor_m2_per_job=22, output_per_job_cny=(120_000, 220_000),
        value_added_share=(0.25, 0.32), tax_share_of_revenue=(0.02, 0.03), kwh_per_10k_cny=90,
        fuel_tce_per_10k_cny=0.0, water_t_per_10k_cny=0.6, wastewater=False,
        vocs_t_per_100m_cny=0.0, rd_share=(0.0, 0.005), local_share=(0.85, 0.97),
        rural_share=(0.7, 0.88), origins=("广东省广州市", "广东省佛山市", "浙江省温州市"),
        relocated_share=0.6, plot_share=0.0,
    ),
    "leather": IndustryFamily(
        jobs=(90, 200), floor_m2_per_job=24, output_per_job_cny=(150_000, 280_000),
        value_added_share=(0.22, 0.3), tax_share_of_revenue=(0.02, 0.03), kwh_per_10k_cny=100,
        fuel_tce_per_10k_cny=0.0, water_t_per_10k_cny=0.5, wastewater=False,
        vocs_t_per_100m_cny=1.0, rd_share=(0.0, 0.008), local_share=(0.82, 0.95),
        rural_share=(0.65, 0.85), origins=("福建省晋江市", "广东省东莞市", "浙江省温州市"),
        relocated_share=0.8, plot_share=0.0,
    ),
    "auto": IndustryFamily(
        jobs=(50, 130), floor_m2_per_job=40, output_per_job_cny=(400_000, 800_000),
        value_added_share=(0.2, 0.27), tax_share_of_revenue=(0.03, 0.045), kwh_per_10k_cny=260,
        fuel_tce_per_10k_cny=0.02, water_t_per_10k_cny=1.5, wastewater=False,
        vocs_t_per_100m_cny=0.8, rd_share=(0.015, 0.03), local_share=(0.8, 0.9),
        rural_share=(0.5, 0.7), origins=("广西壮族自治区柳州市", "广东省佛山市"),
        relocated_share=0.7, plot_share=0.35,
    ),
    "craft": IndustryFamily(
        jobs=(20, 60), floor_m2_per_job=28, output_per_job_cny=(80_000, 160_000),
        value_added_share=(0.3, 0.4), tax_share_of_revenue=(0.015, 0.025), kwh_per_10k_cny=60,
        fuel_tce_per_10k_cny=0.0, water_t_per_10k_cny=0.8, wastewater=False,
        vocs_t_per_100m_cny=0.0, rd_share=(0.0, 0.005), local_share=(0.95, 1.0),
        rural_share=(0.85, 0.97), origins=("广东省深圳市",), relocated_share=0.1, plot_share=0.0,
    ),
    "furniture": IndustryFamily(
        jobs=(30, 80), floor_m2_per_job=50, output_per_job_cny=(180_000, 320_000),
        value_added_share=(0.22, 0.3), tax_share_of_revenue=(0.02, 0.035), kwh_per_10k_cny=180,
        fuel_tce_per_10k_cny=0.03, water_t_per_10k_cny=0.5, wastewater=False,
        vocs_t_per_100m_cny=1.5, rd_share=(0.0, 0.01), local_share=(0.88, 0.97),
        rural_share=(0.75, 0.9), origins=("广东省佛山市",), relocated_share=0.5, plot_share=0.5,
    ),
}  # fmt: skip

DIVISION_FAMILY = {
    "13": "agri", "14": "agri", "15": "agri", "17": "garment", "18": "garment",
    "19": "leather", "20": "craft", "24": "craft", "21": "furniture", "36": "auto",
    "33": "auto", "38": "electronics", "39": "electronics",
}  # fmt: skip
"""GB/T 4754 division -> profile; unknown divisions (e.g. 30, cement) fall back to ``auto``."""
