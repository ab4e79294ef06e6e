"""The one lost-deal cohort the digest, weekly and notify tests commit beside their records."""

COHORT = """---
id: 2026-W46-logistics
week: 2026-W46
segment: logistics
lost_count: 1
top_reasons:
  - reason: Cheaper competitor
    count: 1
deals:
  - account: Northwind Freight
    closed: 2026-10-02
    arr: 38000
    reason: Cheaper competitor
---
Logistics deals go to a cheaper competitor.
"""
