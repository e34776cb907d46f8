"""The (org, pinyin) index also holds the name, so a name substring is answered from the index alone; then fresh
planner statistics for the person table (SQLite drops them when 0005/0006 rebuild the table, and without them it
reads every person through the org index instead of the reversed columns' indexes)."""

from django.db import migrations, models


def analyze_people(apps, schema_editor):
    connection = schema_editor.connection
    table = connection.ops.quote_name(apps.get_model("members", "Person")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")
        if cursor.fetchone():  # an empty table's statistics would mislead the planner after the first import
            cursor.execute(f"ANALYZE {table}")


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_search_by_last_digits'),
        ('orgs', '0001_initial'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='person',
            name='person_org_pinyin',
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['org', 'name_pinyin', 'name'], include=['id'], name='person_org_pinyin_name'),
        ),
        migrations.RunPython(analyze_people, migrations.RunPython.noop, elidable=True),
    ]
