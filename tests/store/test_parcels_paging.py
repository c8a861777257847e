"""The parcel table's pages: every sort is served by an index, never a sort of all parcels."""

from __future__ import annotations

import pytest

from store import parcels

CASES = [(sort, descending) for sort in parcels.SORTABLE for descending in (False, True)]


@pytest.mark.parametrize(("sort", "descending"), CASES)
def test_every_sorted_page_reads_an_index_in_order(shop, sort, descending) -> None:
    """No 'TEMP B-TREE' in the plan: a page of 500,000 parcels costs a seek, not a sort."""
    query = parcels.PageQuery(sort=sort, descending=descending)
    for after in (None, ("x", 1)):
        sql, params = parcels.page_sql(query, after, 200)
        plan = " ".join(row[3] for row in shop.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "TEMP B-TREE" not in plan, plan
        assert "INDEX" in plan, plan


@pytest.mark.parametrize(("sort", "descending"), CASES)
def test_paging_visits_every_parcel_once(shop, actor, sort, descending) -> None:
    """Walking the pages with the keyset returns each parcel exactly once, in sort order."""
    from store.manifest import import_bytes
    from tests.store.conftest import DAY, inside, manifest_bytes

    names = ["Zoë", "ana", "Ana", "bob", "Émile", "carl", "Bob"]
    rows = [inside(f"TBA1000000{n:02d}", names[n % len(names)]) for n in range(23)]
    import_bytes(shop, actor, manifest_bytes(*rows), "m.csv", DAY)
    query = parcels.PageQuery(sort=sort, descending=descending)
    seen: list[dict] = []
    after = None
    while batch := parcels.page(shop, query, after, limit=4):
        seen += batch
        after = (batch[-1][sort], batch[-1]["id"])
    assert sorted(p["tracking_id"] for p in seen) == [f"TBA1000000{n:02d}" for n in range(23)]
