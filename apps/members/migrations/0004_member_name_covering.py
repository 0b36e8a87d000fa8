"""A covering index for name-ordered member lists on PostgreSQL.

At 1,000,000 members the city-wide list is ordered by (name, id) and filtered by the scope
range (and by initials or ID tail when searching). With only `member_name` PostgreSQL walks
that index and fetches every heap row to test the filter: page 20,000 took 3.6 s and the
initials search "zw" 0.74 s. With the filter columns in the index the same walk is an
index-only scan: 0.49 s and 0.11 s (EXPLAIN ANALYZE, benchmarks/README.md).

PostgreSQL only, so it is not declared in Member.Meta: SQLite has no INCLUDE (its counterpart
is migration 0012).
"""

from django.db import migrations

from apps.core.db import vendor_index


class Migration(migrations.Migration):
    dependencies = [("members", "0003_conflicts_roster_confirmation")]

    operations = [
        vendor_index(
            "postgresql",
            "member_name_covering",
            "members_member (name, id) INCLUDE (union_path, name_initials, id_tail)",
        )
    ]
