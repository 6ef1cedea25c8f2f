"""The reform calendar as rows staff edit (decision 0001 §2.1). Schema only; 0009 copies the
old transition calendar."""

import django.core.validators
import django.db.models.deletion
import npz_registry.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0007_text_length_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalReformDate',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('source', models.TextField(blank=True, help_text='Document, section or address.', max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='source')),
                ('source_quote', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='words of the source')),
                ('certainty', models.CharField(choices=[('FIXED', 'fixed'), ('PLANNED', 'planned'), ('HOPED', 'expected'), ('ESTIMATED', 'estimated'), ('ASSUMED', 'our assumption')], default='ASSUMED', help_text='Fixed: decided or past. Planned: the source says it will. Expected: the source hopes so.', max_length=10, verbose_name='certainty')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('code', models.SlugField(max_length=60, verbose_name='code')),
                ('key', models.CharField(blank=True, choices=[('recognition-day', 'recognition day of the networks'), ('old-regulations-end', 'end of the old regulations')], help_text='Set on the rows the registry computes with; such a row must be a day.', max_length=30, verbose_name='key')),
                ('title', models.CharField(max_length=250, verbose_name='what')),
                ('start', npz_registry.models.ImpreciseDateField(max_length=10, verbose_name='start')),
                ('start_sort', models.DateField(db_index=True, editable=False, null=True)),
                ('end', npz_registry.models.ImpreciseDateField(blank=True, max_length=10, verbose_name='end')),
                ('end_sort', models.DateField(editable=False, null=True)),
                ('when_as_written', models.CharField(blank=True, max_length=80, verbose_name='when (as written)')),
                ('organisation_code', models.SlugField(blank=True, help_text='Code of the reform organisation the step belongs to (VLEPZ, consortium).', max_length=60, verbose_name='organisation')),
                ('note', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='note')),
                ('show_in_calendar', models.BooleanField(default=True, verbose_name='show in the calendar')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical reform date',
                'verbose_name_plural': 'historical reform calendar',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ReformDate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.TextField(blank=True, help_text='Document, section or address.', max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='source')),
                ('source_quote', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='words of the source')),
                ('certainty', models.CharField(choices=[('FIXED', 'fixed'), ('PLANNED', 'planned'), ('HOPED', 'expected'), ('ESTIMATED', 'estimated'), ('ASSUMED', 'our assumption')], default='ASSUMED', help_text='Fixed: decided or past. Planned: the source says it will. Expected: the source hopes so.', max_length=10, verbose_name='certainty')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('code', models.SlugField(max_length=60, unique=True, verbose_name='code')),
                ('key', models.CharField(blank=True, choices=[('recognition-day', 'recognition day of the networks'), ('old-regulations-end', 'end of the old regulations')], help_text='Set on the rows the registry computes with; such a row must be a day.', max_length=30, verbose_name='key')),
                ('title', models.CharField(max_length=250, verbose_name='what')),
                ('start', npz_registry.models.ImpreciseDateField(max_length=10, verbose_name='start')),
                ('start_sort', models.DateField(db_index=True, editable=False, null=True)),
                ('end', npz_registry.models.ImpreciseDateField(blank=True, max_length=10, verbose_name='end')),
                ('end_sort', models.DateField(editable=False, null=True)),
                ('when_as_written', models.CharField(blank=True, max_length=80, verbose_name='when (as written)')),
                ('organisation_code', models.SlugField(blank=True, help_text='Code of the reform organisation the step belongs to (VLEPZ, consortium).', max_length=60, verbose_name='organisation')),
                ('note', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='note')),
                ('show_in_calendar', models.BooleanField(default=True, verbose_name='show in the calendar')),
            ],
            options={
                'verbose_name': 'reform date',
                'verbose_name_plural': 'reform calendar',
                'ordering': ['start_sort', 'code'],
            },
        ),
        migrations.AddField(
            model_name='historicalreformdate',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='reformdate',
            constraint=models.CheckConstraint(condition=models.Q(('certainty__in', ['FIXED', 'PLANNED', 'HOPED', 'ESTIMATED', 'ASSUMED'])), name='networks_reformdate_certainty_valid'),
        ),
        migrations.AddConstraint(
            model_name='reformdate',
            constraint=models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('key',), name='reform_date_key_unique'),
        ),
        migrations.AddConstraint(
            model_name='reformdate',
            constraint=models.CheckConstraint(condition=models.Q(('key__in', ['recognition-day', 'old-regulations-end', ''])), name='reform_date_key_valid'),
        ),
        migrations.AddConstraint(
            model_name='reformdate',
            constraint=models.CheckConstraint(condition=models.Q(('key', ''), ('start__regex', '^\\d{4}-\\d{2}-\\d{2}$'), _connector='OR'), name='reform_date_keyed_rows_are_days', violation_error_message="A date the registry computes with must be a day (e.g. 2027-01-01); use another row for 'mid 2027'."),
        ),
        migrations.AddConstraint(
            model_name='reformdate',
            constraint=models.CheckConstraint(condition=models.Q(('start__regex', '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|-Q[1-4]|-H[12]|-(early|mid|late))?$'), ('start', ''), _connector='OR'), name='reform_date_start_imprecise'),
        ),
        migrations.AddConstraint(
            model_name='reformdate',
            constraint=models.CheckConstraint(condition=models.Q(('end__regex', '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|-Q[1-4]|-H[12]|-(early|mid|late))?$'), ('end', ''), _connector='OR'), name='reform_date_end_imprecise'),
        ),
    ]
