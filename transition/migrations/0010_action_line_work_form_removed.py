"""Action lines: the single work form column goes (its rows are in ActionLineWorkForm) and
the code is required (filled by 0008)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('transition', '0009_delete_calendar_event'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='actionline',
            name='work_form',
        ),
        migrations.RemoveField(
            model_name='historicalactionline',
            name='work_form',
        ),
        migrations.AlterField(
            model_name='actionline',
            name='code',
            field=models.SlugField(max_length=60, unique=True, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='actionline',
            name='position',
            field=models.PositiveSmallIntegerField(help_text='Order of the line in the plan, never shown as a number.', unique=True, verbose_name='order in the plan'),
        ),
        migrations.AlterField(
            model_name='historicalactionline',
            name='code',
            field=models.SlugField(max_length=60, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='historicalactionline',
            name='position',
            field=models.PositiveSmallIntegerField(db_index=True, help_text='Order of the line in the plan, never shown as a number.', verbose_name='order in the plan'),
        ),
    ]
