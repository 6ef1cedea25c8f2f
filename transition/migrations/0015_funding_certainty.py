"""A grant says how firm it is, like the figures it is drawn from (decision 0001 §1.1)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0014_care_councils_per_zone'),
        ('transition', '0014_funding_actor_reference'),
    ]

    operations = [
        migrations.AddField(
            model_name='funding',
            name='certainty',
            field=models.CharField(choices=[('FIXED', 'fixed'), ('PLANNED', 'planned'), ('HOPED', 'expected'), ('ESTIMATED', 'estimated'), ('ASSUMED', 'our assumption')], default='FIXED', help_text='Fixed: granted by a decision of the department. Planned or estimated: not granted yet. Our assumption: no source (demo amounts).', max_length=10, verbose_name='certainty'),
        ),
        migrations.AddField(
            model_name='historicalfunding',
            name='certainty',
            field=models.CharField(choices=[('FIXED', 'fixed'), ('PLANNED', 'planned'), ('HOPED', 'expected'), ('ESTIMATED', 'estimated'), ('ASSUMED', 'our assumption')], default='FIXED', help_text='Fixed: granted by a decision of the department. Planned or estimated: not granted yet. Our assumption: no source (demo amounts).', max_length=10, verbose_name='certainty'),
        ),
        migrations.AddConstraint(
            model_name='funding',
            constraint=models.CheckConstraint(condition=models.Q(('certainty__in', ['FIXED', 'PLANNED', 'HOPED', 'ESTIMATED', 'ASSUMED'])), name='funding_certainty_valid'),
        ),
    ]
