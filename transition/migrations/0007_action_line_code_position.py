"""Action lines without numbers of ours (a code, a position, the plan's reference), with
source and certainty, imprecise targets, work forms as rows and dated revisions (decision
0001 §2.2). Schema only: codes and work forms are filled by 0008."""

import django.core.validators
import django.db.models.deletion
import npz_registry.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


WORK_FORMS = [
    (1, "1: department in the lead"),
    (2, "2: department and sector in working groups"),
    (3, "3: sector in the lead, department coaches"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('transition', '0006_history_text_length_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Nullable first, so that going back can refill the column (0008) before it is required again.
        migrations.AlterField(
            model_name="actionline",
            name="work_form",
            field=models.PositiveSmallIntegerField(choices=WORK_FORMS, null=True, verbose_name="work form"),
        ),
        migrations.AlterField(
            model_name="historicalactionline",
            name="work_form",
            field=models.PositiveSmallIntegerField(choices=WORK_FORMS, null=True, verbose_name="work form"),
        ),
        migrations.CreateModel(
            name='ActionLineRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.TextField(blank=True, help_text='Document, section or address.', max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='source')),
                ('source_quote', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='words of the source')),
                ('certainty', models.CharField(choices=[('FIXED', 'fixed'), ('PLANNED', 'planned'), ('HOPED', 'expected'), ('ESTIMATED', 'estimated'), ('ASSUMED', 'our assumption')], default='ASSUMED', help_text='Fixed: decided or past. Planned: the source says it will. Expected: the source hopes so.', max_length=10, verbose_name='certainty')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('stated_on', npz_registry.models.ImpreciseDateField(help_text='When the source said it.', max_length=10, verbose_name='stated on')),
                ('stated_on_sort', models.DateField(db_index=True, editable=False, null=True)),
                ('target_as_written', models.CharField(max_length=300, verbose_name='target (as written)')),
                ('target_start', npz_registry.models.ImpreciseDateField(blank=True, max_length=10, verbose_name='target start')),
                ('target_start_sort', models.DateField(editable=False, null=True)),
                ('target_end', npz_registry.models.ImpreciseDateField(blank=True, max_length=10, verbose_name='target date')),
                ('target_end_sort', models.DateField(editable=False, null=True)),
                ('note', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='note')),
            ],
            options={
                'verbose_name': 'action line revision',
                'verbose_name_plural': 'action line revisions',
                'ordering': ['action_line', 'stated_on_sort', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ActionLineWorkForm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('work_form', models.PositiveSmallIntegerField(choices=[(1, '1: department in the lead'), (2, '2: department and sector in working groups'), (3, '3: sector in the lead, department coaches')], verbose_name='work form')),
                ('applies_to', models.CharField(blank=True, max_length=120, verbose_name='applies to')),
            ],
            options={
                'verbose_name': 'work form',
                'verbose_name_plural': 'work forms',
                'ordering': ['action_line', 'work_form'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalActionLineRevision',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('source', models.TextField(blank=True, help_text='Document, section or address.', max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='source')),
                ('source_quote', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='words of the source')),
                ('certainty', models.CharField(choices=[('FIXED', 'fixed'), ('PLANNED', 'planned'), ('HOPED', 'expected'), ('ESTIMATED', 'estimated'), ('ASSUMED', 'our assumption')], default='ASSUMED', help_text='Fixed: decided or past. Planned: the source says it will. Expected: the source hopes so.', max_length=10, verbose_name='certainty')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('stated_on', npz_registry.models.ImpreciseDateField(help_text='When the source said it.', max_length=10, verbose_name='stated on')),
                ('stated_on_sort', models.DateField(db_index=True, editable=False, null=True)),
                ('target_as_written', models.CharField(max_length=300, verbose_name='target (as written)')),
                ('target_start', npz_registry.models.ImpreciseDateField(blank=True, max_length=10, verbose_name='target start')),
                ('target_start_sort', models.DateField(editable=False, null=True)),
                ('target_end', npz_registry.models.ImpreciseDateField(blank=True, max_length=10, verbose_name='target date')),
                ('target_end_sort', models.DateField(editable=False, null=True)),
                ('note', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='note')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical action line revision',
                'verbose_name_plural': 'historical action line revisions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AlterModelOptions(
            name='actionline',
            options={'ordering': ['position'], 'verbose_name': 'action line', 'verbose_name_plural': 'action lines'},
        ),
        migrations.RemoveConstraint(
            model_name='actionline',
            name='action_line_work_form_valid',
        ),
        migrations.RenameField(
            model_name='actionline',
            old_name='number',
            new_name='position',
        ),
        migrations.RenameField(
            model_name='historicalactionline',
            old_name='number',
            new_name='position',
        ),
        migrations.AddField(
            model_name='actionline',
            name='certainty',
            field=models.CharField(choices=[('FIXED', 'fixed'), ('PLANNED', 'planned'), ('HOPED', 'expected'), ('ESTIMATED', 'estimated'), ('ASSUMED', 'our assumption')], default='ASSUMED', help_text='Fixed: decided or past. Planned: the source says it will. Expected: the source hopes so.', max_length=10, verbose_name='certainty'),
        ),
        migrations.AddField(
            model_name='actionline',
            name='code',
            field=models.SlugField(max_length=60, null=True, unique=True, verbose_name='code'),
        ),
        migrations.AddField(
            model_name='actionline',
            name='plan_reference',
            field=models.CharField(blank=True, help_text="The plan's own reference, e.g. '§2.3, first action line'.", max_length=80, verbose_name='in the plan'),
        ),
        migrations.AddField(
            model_name='actionline',
            name='source_quote',
            field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='words of the source'),
        ),
        migrations.AddField(
            model_name='actionline',
            name='target_end',
            field=npz_registry.models.ImpreciseDateField(blank=True, max_length=10, verbose_name='target date'),
        ),
        migrations.AddField(
            model_name='actionline',
            name='target_end_sort',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='actionline',
            name='target_start',
            field=npz_registry.models.ImpreciseDateField(blank=True, max_length=10, verbose_name='target start'),
        ),
        migrations.AddField(
            model_name='actionline',
            name='target_start_sort',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='historicalactionline',
            name='certainty',
            field=models.CharField(choices=[('FIXED', 'fixed'), ('PLANNED', 'planned'), ('HOPED', 'expected'), ('ESTIMATED', 'estimated'), ('ASSUMED', 'our assumption')], default='ASSUMED', help_text='Fixed: decided or past. Planned: the source says it will. Expected: the source hopes so.', max_length=10, verbose_name='certainty'),
        ),
        migrations.AddField(
            model_name='historicalactionline',
            name='code',
            field=models.SlugField(max_length=60, null=True, verbose_name='code'),
        ),
        migrations.AddField(
            model_name='historicalactionline',
            name='plan_reference',
            field=models.CharField(blank=True, help_text="The plan's own reference, e.g. '§2.3, first action line'.", max_length=80, verbose_name='in the plan'),
        ),
        migrations.AddField(
            model_name='historicalactionline',
            name='source_quote',
            field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='words of the source'),
        ),
        migrations.AddField(
            model_name='historicalactionline',
            name='target_end',
            field=npz_registry.models.ImpreciseDateField(blank=True, max_length=10, verbose_name='target date'),
        ),
        migrations.AddField(
            model_name='historicalactionline',
            name='target_end_sort',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='historicalactionline',
            name='target_start',
            field=npz_registry.models.ImpreciseDateField(blank=True, max_length=10, verbose_name='target start'),
        ),
        migrations.AddField(
            model_name='historicalactionline',
            name='target_start_sort',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AlterField(
            model_name='actionline',
            name='planned',
            field=models.CharField(help_text="As the plan states it, e.g. 'by the end of 2025'.", max_length=80, verbose_name='planned (as written)'),
        ),
        migrations.AlterField(
            model_name='actionline',
            name='source',
            field=models.TextField(blank=True, help_text='Document, section or address.', max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='historicalactionline',
            name='planned',
            field=models.CharField(help_text="As the plan states it, e.g. 'by the end of 2025'.", max_length=80, verbose_name='planned (as written)'),
        ),
        migrations.AlterField(
            model_name='historicalactionline',
            name='source',
            field=models.TextField(blank=True, help_text='Document, section or address.', max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='source'),
        ),
        migrations.AddConstraint(
            model_name='actionline',
            constraint=models.CheckConstraint(condition=models.Q(('certainty__in', ['FIXED', 'PLANNED', 'HOPED', 'ESTIMATED', 'ASSUMED'])), name='transition_actionline_certainty_valid'),
        ),
        migrations.AddConstraint(
            model_name='actionline',
            constraint=models.CheckConstraint(condition=models.Q(('target_start__regex', '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|-Q[1-4]|-H[12]|-(early|mid|late))?$'), ('target_start', ''), _connector='OR'), name='action_line_target_start_imprecise'),
        ),
        migrations.AddConstraint(
            model_name='actionline',
            constraint=models.CheckConstraint(condition=models.Q(('target_end__regex', '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|-Q[1-4]|-H[12]|-(early|mid|late))?$'), ('target_end', ''), _connector='OR'), name='action_line_target_end_imprecise'),
        ),
        migrations.AddField(
            model_name='actionlinerevision',
            name='action_line',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='transition.actionline', verbose_name='action line'),
        ),
        migrations.AddField(
            model_name='actionlineworkform',
            name='action_line',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='work_forms', to='transition.actionline', verbose_name='action line'),
        ),
        migrations.AddField(
            model_name='historicalactionlinerevision',
            name='action_line',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='transition.actionline', verbose_name='action line'),
        ),
        migrations.AddField(
            model_name='historicalactionlinerevision',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='actionlinerevision',
            constraint=models.CheckConstraint(condition=models.Q(('certainty__in', ['FIXED', 'PLANNED', 'HOPED', 'ESTIMATED', 'ASSUMED'])), name='transition_actionlinerevision_certainty_valid'),
        ),
        migrations.AddConstraint(
            model_name='actionlinerevision',
            constraint=models.CheckConstraint(condition=models.Q(('stated_on__regex', '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|-Q[1-4]|-H[12]|-(early|mid|late))?$'), ('stated_on', ''), _connector='OR'), name='action_line_revision_stated_on_imprecise'),
        ),
        migrations.AddConstraint(
            model_name='actionlinerevision',
            constraint=models.CheckConstraint(condition=models.Q(('target_start__regex', '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|-Q[1-4]|-H[12]|-(early|mid|late))?$'), ('target_start', ''), _connector='OR'), name='action_line_revision_target_start_imprecise'),
        ),
        migrations.AddConstraint(
            model_name='actionlinerevision',
            constraint=models.CheckConstraint(condition=models.Q(('target_end__regex', '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|-Q[1-4]|-H[12]|-(early|mid|late))?$'), ('target_end', ''), _connector='OR'), name='action_line_revision_target_end_imprecise'),
        ),
        migrations.AddConstraint(
            model_name='actionlineworkform',
            constraint=models.UniqueConstraint(fields=('action_line', 'work_form'), name='action_line_work_form_unique'),
        ),
        migrations.AddConstraint(
            model_name='actionlineworkform',
            constraint=models.CheckConstraint(condition=models.Q(('work_form__in', [1, 2, 3])), name='action_line_work_form_valid'),
        ),
        migrations.CreateModel(
            name='HistoricalActionLineWorkForm',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('work_form', models.PositiveSmallIntegerField(choices=[(1, '1: department in the lead'), (2, '2: department and sector in working groups'), (3, '3: sector in the lead, department coaches')], verbose_name='work form')),
                ('applies_to', models.CharField(blank=True, max_length=120, verbose_name='applies to')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('action_line', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='transition.actionline', verbose_name='action line')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical work form',
                'verbose_name_plural': 'historical work forms',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
