"""The legal basis of a legacy organisation: recognised (PN/PSV) or under an agreement (MBE)
(decision 0001 §2.11). Schema only; 0011 fills it by kind."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("networks", "0009_reform_date_from_calendar"),
    ]

    operations = [
        migrations.AddField(
            model_name='historicallegacyorganisation',
            name='legal_basis',
            field=models.CharField(blank=True, choices=[('RECOGNITION', 'recognition'), ('AGREEMENT', 'agreement')], help_text='PN/PSV are recognised, MBE work under an agreement with the department (note on roles and missions, July 2025, footnotes).', max_length=12, verbose_name='legal basis'),
        ),
        migrations.AddField(
            model_name='legacyorganisation',
            name='legal_basis',
            field=models.CharField(blank=True, choices=[('RECOGNITION', 'recognition'), ('AGREEMENT', 'agreement')], help_text='PN/PSV are recognised, MBE work under an agreement with the department (note on roles and missions, July 2025, footnotes).', max_length=12, verbose_name='legal basis'),
        ),
        migrations.AddConstraint(
            model_name='legacyorganisation',
            constraint=models.CheckConstraint(condition=models.Q(('legal_basis__in', ['RECOGNITION', 'AGREEMENT', ''])), name='legacy_organisation_legal_basis_valid'),
        ),    ]
