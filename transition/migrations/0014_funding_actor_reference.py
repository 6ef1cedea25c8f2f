"""State only: the recipient foreign keys of a grant now come from networks.ActorReference."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0014_care_councils_per_zone'),
        ('transition', '0013_funding_actor_constraints'),
    ]

    operations = [
        migrations.AlterField(
            model_name='funding',
            name='legacy_organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='networks.legacyorganisation', verbose_name='legacy organisation'),
        ),
        migrations.AlterField(
            model_name='funding',
            name='network',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='networks.network', verbose_name='network'),
        ),
        migrations.AlterField(
            model_name='funding',
            name='organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='networks.reformorganisation', verbose_name='organisation of the reform'),
        ),
    ]
