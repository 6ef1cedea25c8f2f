"""Activity counts attach to one actor like grants (decision 0001 §2.9): a legacy organisation,
a network, an organisation of the reform or the sector. Every existing row (and history row)
names a network (the column was NOT NULL), so it becomes a NETWORK row through the default of
the added column, which then becomes the model's default; the constraints come after."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('missions', '0010_partner_organisations'),
        ('networks', '0014_care_councils_per_zone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='activitycount',
            name='activity_count_unique',
        ),
        migrations.AddField(
            model_name='activitycount',
            name='actor_kind',
            field=models.CharField(choices=[('LEGACY', 'legacy organisation'), ('NETWORK', 'network'), ('ORGANISATION', 'organisation of the reform'), ('SECTOR', 'the sector as a whole')], default='NETWORK', max_length=12, verbose_name='recipient kind'),
        ),
        migrations.AddField(
            model_name='activitycount',
            name='legacy_organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='networks.legacyorganisation', verbose_name='legacy organisation'),
        ),
        migrations.AddField(
            model_name='activitycount',
            name='organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='networks.reformorganisation', verbose_name='organisation of the reform'),
        ),
        migrations.AddField(
            model_name='historicalactivitycount',
            name='actor_kind',
            field=models.CharField(choices=[('LEGACY', 'legacy organisation'), ('NETWORK', 'network'), ('ORGANISATION', 'organisation of the reform'), ('SECTOR', 'the sector as a whole')], default='NETWORK', max_length=12, verbose_name='recipient kind'),
        ),
        migrations.AddField(
            model_name='historicalactivitycount',
            name='legacy_organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='networks.legacyorganisation', verbose_name='legacy organisation'),
        ),
        migrations.AddField(
            model_name='historicalactivitycount',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='networks.reformorganisation', verbose_name='organisation of the reform'),
        ),
        migrations.AlterField(
            model_name='activitycount',
            name='actor_kind',
            field=models.CharField(choices=[('LEGACY', 'legacy organisation'), ('NETWORK', 'network'), ('ORGANISATION', 'organisation of the reform'), ('SECTOR', 'the sector as a whole')], default='LEGACY', max_length=12, verbose_name='recipient kind'),
        ),
        migrations.AlterField(
            model_name='historicalactivitycount',
            name='actor_kind',
            field=models.CharField(choices=[('LEGACY', 'legacy organisation'), ('NETWORK', 'network'), ('ORGANISATION', 'organisation of the reform'), ('SECTOR', 'the sector as a whole')], default='LEGACY', max_length=12, verbose_name='recipient kind'),
        ),
        migrations.AlterField(
            model_name='activitycount',
            name='network',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='networks.network', verbose_name='network'),
        ),
        migrations.AddConstraint(
            model_name='activitycount',
            constraint=models.CheckConstraint(condition=models.Q(('actor_kind__in', ['LEGACY', 'NETWORK', 'ORGANISATION', 'SECTOR'])), name='activity_count_actor_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='activitycount',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('actor_kind', 'LEGACY'), ('legacy_organisation__isnull', False), ('network__isnull', True), ('organisation__isnull', True)), models.Q(('actor_kind', 'NETWORK'), ('legacy_organisation__isnull', True), ('network__isnull', False), ('organisation__isnull', True)), models.Q(('actor_kind', 'ORGANISATION'), ('legacy_organisation__isnull', True), ('network__isnull', True), ('organisation__isnull', False)), models.Q(('actor_kind', 'SECTOR'), ('legacy_organisation__isnull', True), ('network__isnull', True), ('organisation__isnull', True)), _connector='OR'), name='activity_count_exactly_the_actor_of_its_kind'),
        ),
        migrations.AddConstraint(
            model_name='activitycount',
            constraint=models.UniqueConstraint(condition=models.Q(('actor_kind', 'LEGACY')), fields=('legacy_organisation', 'municipality', 'year', 'kind'), name='activity_count_legacy_unique'),
        ),
        migrations.AddConstraint(
            model_name='activitycount',
            constraint=models.UniqueConstraint(condition=models.Q(('actor_kind', 'NETWORK')), fields=('network', 'municipality', 'year', 'kind'), name='activity_count_network_unique'),
        ),
        migrations.AddConstraint(
            model_name='activitycount',
            constraint=models.UniqueConstraint(condition=models.Q(('actor_kind', 'ORGANISATION')), fields=('organisation', 'municipality', 'year', 'kind'), name='activity_count_organisation_unique'),
        ),
        migrations.AddConstraint(
            model_name='activitycount',
            constraint=models.UniqueConstraint(condition=models.Q(('actor_kind', 'SECTOR')), fields=('actor_kind', 'municipality', 'year', 'kind'), name='activity_count_sector_unique'),
        ),
    ]
