"""Site GeoJSON at a province's size: the object builders and pydantic vs the row writer.

Builds N sites (default 5,000: points, polygons and multipolygons, every status) in a fresh
SQLite database in a temporary MICROPARKS_DATA_DIR, then times, in the same run, medians of
ROUNDS runs each:

* API, old: ``feature_collection`` (objects, decoded geometry) validated into
  ``SiteFeatureCollection`` and encoded, as the endpoint did through ninja;
* API, new: ``api_collection`` (apps/sites/geojson.py), the text the endpoint now answers;
* web map, old: ``sites_geojson`` (a URL reverse and a label per site) and ``json.dumps``, as the
  /sites/ page embedded it; web map, new: ``map_collection``;
* the whole request through Django's test client: ``/api/sites.geojson`` and
  ``/sites/map.geojson`` (200), a repeat with ``If-None-Match`` (304), and the /sites/ page
  (which embedded the old web map before).

Run: .venv/bin/python benchmarks/bench_geojson.py [N] [ROUNDS]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any


def median_ms(run: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(n: int) -> Any:
    """A county, its township and park, ``n`` sites and an official of the county."""
    from microparks.apps.accounts.models import User
    from microparks.apps.parks.models import Park
    from microparks.apps.regions.models import Region
    from microparks.apps.sites.models import Site

    county = Region.objects.create(code="450101", name="县", level=Region.Level.COUNTY)
    town = Region.objects.create(
        code="450101101", name="镇", level=Region.Level.TOWNSHIP, parent=county
    )
    park = Park.objects.create(code="P1", name="园区", region=town)
    statuses = list(Site.Status)

    def geometry(i: int) -> dict[str, Any]:
        x, y = 110 + (i % 100) * 0.01, 25 + (i // 100) * 0.01
        ring = [[x, y], [x + 0.002, y], [x + 0.002, y + 0.002], [x, y + 0.002], [x, y]]
        shapes: list[dict[str, Any]] = [
            {"type": "Point", "coordinates": [x, y]},
            {"type": "Polygon", "coordinates": [ring]},
            {"type": "MultiPolygon", "coordinates": [[ring]]},
        ]
        return shapes[i % 3]

    Site.objects.bulk_create(
        (
            Site(
                code=f"S{i:06d}",
                name=f"闲置厂房 {i}",
                kind=Site.Kind.VACANT_FACTORY,
                region=town,
                park=park if i % 4 == 0 else None,
                geometry=geometry(i),
                land_area_m2=1000.0 + i,
                floor_area_m2=float(i % 500),
                condition=Site.Condition.FAIR,
                status=statuses[i % len(statuses)],
            )
            for i in range(n)
        ),
        batch_size=1000,
    )
    return User.objects.create_user(
        username="official", password="x-Bench-12345", role="official", region=county
    )


def main(n: int, rounds: int) -> None:
    from django.core.management import call_command
    from django.test import Client
    from django.utils import translation

    from microparks.apps.sites.api import SiteFeatureCollection, feature_collection, visible_sites
    from microparks.apps.sites.geojson import api_collection, map_collection
    from microparks.apps.sites.maps import sites_geojson
    from microparks.apps.sites.models import Site

    call_command("migrate", verbosity=0)
    user = build(n)
    restricted = Site.objects.restrict(user)

    def api_old() -> bytes:
        model = SiteFeatureCollection.model_validate(feature_collection(visible_sites(user)))
        return json.dumps(model.model_dump(mode="json")).encode()

    def map_old() -> str:
        return json.dumps(sites_geojson(restricted))

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)

    def request(url: str, tag: str = "") -> Any:
        response = client.get(url, HTTP_IF_NONE_MATCH=tag) if tag else client.get(url)
        assert response.status_code == (304 if tag else 200), response.status_code
        return response

    api_tag = request("/api/sites.geojson")["ETag"]
    map_tag = request("/sites/map.geojson")["ETag"]
    with translation.override("zh-hans"):
        assert json.loads(api_collection(visible_sites(user))) == json.loads(api_old())
        assert json.loads(map_collection(restricted)) == json.loads(map_old())
        cases = {
            "API builder, old (objects + pydantic)": api_old,
            "API builder, new (rows as text)": lambda: api_collection(visible_sites(user)),
            "web map builder, old (objects)": map_old,
            "web map builder, new (rows as text)": lambda: map_collection(restricted),
        }
        results = {name: median_ms(run, rounds) for name, run in cases.items()}
    results |= {
        "GET /api/sites.geojson (200)": median_ms(lambda: request("/api/sites.geojson"), rounds),
        "GET /api/sites.geojson (304)": median_ms(
            lambda: request("/api/sites.geojson", api_tag), rounds
        ),
        "GET /sites/map.geojson (200)": median_ms(lambda: request("/sites/map.geojson"), rounds),
        "GET /sites/map.geojson (304)": median_ms(
            lambda: request("/sites/map.geojson", map_tag), rounds
        ),
        "GET /sites/ (the page, without its map layer now)": median_ms(
            lambda: request("/sites/"), rounds
        ),
    }
    size = len(request("/sites/map.geojson").content)
    print(f"{n} sites, median of {rounds} runs, ms (web map answer: {size / 1e6:.1f} MB)")
    for name, ms in results.items():
        print(f"| {name} | {ms:,.1f} |")


if __name__ == "__main__":
    N = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["MICROPARKS_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("MICROPARKS_DB", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microparks.config.settings")
        import django

        django.setup()
        main(N, ROUNDS)
