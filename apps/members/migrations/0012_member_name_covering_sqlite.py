"""The covering index of migration 0004, for SQLite.

SQLite has no INCLUDE, so the columns go in as key columns after (name, id), which keeps the
order the lists sort by. A member list page reached by its number reads its keys with OFFSET
in name order; through `member_name` SQLite read the table row of each skipped entry to test
the scope: the city's page 20,000 (OFFSET 499,975) took 959 ms, with this index 35 ms (a
walk of the index alone). The county's pages keep `member_scope_name`.
"""

from django.db import migrations

from apps.core.db import vendor_index


class Migration(migrations.Migration):
    dependencies = [("members", "0011_membership_first_union")]

    operations = [
        vendor_index(
            "sqlite",
            "member_name_covering",
            "members_member (name, id, union_path, name_initials, id_tail)",
        )
    ]
