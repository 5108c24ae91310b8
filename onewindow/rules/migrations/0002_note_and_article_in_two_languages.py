"""Notes and articles of rule packs may be given in English and Chinese.

The text already stored is first written as a JSON string, so that the column
can turn into JSON on every database and keep its value as plain text.
"""

import json

from django.db import migrations, models


def _texts_to_json(apps, schema_editor):
    RuleParameter = apps.get_model("rules", "RuleParameter")
    RuleValue = apps.get_model("rules", "RuleValue")
    for model, field in ((RuleParameter, "article"), (RuleValue, "note")):
        for row_id, text in model.objects.values_list("id", field):
            model.objects.filter(id=row_id).update(**{field: json.dumps(text)})


def _json_to_texts(apps, schema_editor):
    RuleParameter = apps.get_model("rules", "RuleParameter")
    RuleValue = apps.get_model("rules", "RuleValue")
    for model, field in ((RuleParameter, "article"), (RuleValue, "note")):
        for row_id, text in model.objects.values_list("id", field):
            value = json.loads(text) if text else ""
            if isinstance(value, dict):
                value = value.get("en", "")
            model.objects.filter(id=row_id).update(**{field: str(value)})


class Migration(migrations.Migration):
    dependencies = [
        ("rules", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_texts_to_json, _json_to_texts),
        migrations.AlterField(
            model_name="ruleparameter",
            name="article",
            field=models.JSONField(verbose_name="article"),
        ),
        migrations.AlterField(
            model_name="rulevalue",
            name="note",
            field=models.JSONField(blank=True, default=str, verbose_name="note"),
        ),
    ]
