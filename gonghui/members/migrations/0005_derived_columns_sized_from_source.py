"""name_pinyin and name_initials sized from the name they are derived from (a 50-letter Latin name has 50
initials; 50 Chinese characters up to 300 letters of pinyin), and the rows they did not hold recomputed."""

from django.db import migrations, models
from django.db.models.functions import Length


def mend_derived_names(apps, schema_editor):
    """Recompute the derivations of the names long enough to have been cut at the old widths (120 letters of
    pinyin, 6 per character at most: names over 20 characters; 30 initials: over 30). PostgreSQL refused such
    rows outright; SQLite kept them whole, so mostly nothing changes, but a row cut elsewhere is mended."""
    from gonghui.core.pinyin import name_pinyin

    Person = apps.get_model("members", "Person")
    for pk, name, full, initials in (Person.objects.annotate(name_length=Length("name"))
                                     .filter(name_length__gt=20)
                                     .values_list("pk", "name", "name_pinyin", "name_initials").iterator()):
        derived = name_pinyin(name)
        if (full, initials) != derived:
            Person.objects.filter(pk=pk).update(name_pinyin=derived[0], name_initials=derived[1])


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0004_list_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='person',
            name='name_initials',
            field=models.CharField(db_index=True, editable=False, max_length=50, verbose_name='姓名首字母'),
        ),
        migrations.AlterField(
            model_name='person',
            name='name_pinyin',
            field=models.CharField(db_index=True, editable=False, max_length=300, verbose_name='姓名全拼'),
        ),
        migrations.RunPython(mend_derived_names, migrations.RunPython.noop, elidable=True),
    ]
