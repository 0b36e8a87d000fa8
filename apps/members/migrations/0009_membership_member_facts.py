"""Membership.female / migrant / dispatched / first: copies of the member's facts the figures
count (apps.stats reads a million memberships a pass without joining their members), filled
for the memberships already written; kept by Member.save(), Membership.save() and
apps.members.models.refresh_membership_facts since."""

from django.db import migrations, models

# One UPDATE … FROM (PostgreSQL, and SQLite since 3.33): a join, where the ORM's correlated
# subqueries would probe the members once per fact and membership.
FILL = """
UPDATE members_membership SET
    female = (m.sex = 'female'),
    migrant = (m.household_type = 'agricultural'),
    dispatched = (m.employment_form = 'dispatch' OR m.dispatching_employer_id IS NOT NULL),
    "first" = (members_membership.joined_on = m.joined_on)
FROM members_member m
WHERE m.id = members_membership.member_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0008_member_namesake'),
    ]

    operations = [
        migrations.AddField(
            model_name='membership',
            name='dispatched',
            field=models.BooleanField(default=False, editable=False, verbose_name='劳务派遣工'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='membership',
            name='female',
            field=models.BooleanField(default=False, editable=False, verbose_name='女会员'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='membership',
            name='first',
            field=models.BooleanField(default=False, editable=False, help_text='入会日期即本人入会日期', verbose_name='首次入会'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='membership',
            name='migrant',
            field=models.BooleanField(default=False, editable=False, verbose_name='农民工'),
            preserve_default=False,
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
