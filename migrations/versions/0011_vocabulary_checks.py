"""Vocabulary checks: every state and choice column holds only a value of its vocabulary

One CHECK constraint per column (ck_<table>_<column>), the vocabularies as they are at this revision (the
LabelledEnums beside the models). SQLite recreates each table (batch mode) with foreign keys off (env.py), so
no child row is touched.

Revision ID: 0011
Revises: 0010
"""
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

ORGANISATION_TYPES = ('Jobcenter', 'Agentur für Arbeit', 'Kommunalverwaltung', 'Kommunales Integrationszentrum', 'IHK',
                      'Handwerkskammer', 'Wohlfahrtsverband', 'Bildungsträger', 'Ehrenamt/Initiative', 'IQ Netzwerk',
                      'Stiftung', 'Unternehmen', 'Sonstige')
GERMAN_LEVELS = ('none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2')

# table -> column -> allowed values ('' where the column may be left blank)
CHECKS = {
    'user': {'role': ('admin', 'coordinator', 'checkin')},
    'kommune': {
        'kind': ('Stadt', 'Kreis', 'Landkreis', 'Gemeinde', 'Verbandsgemeinde'),
        'bundesland': ('Baden-Württemberg', 'Bayern', 'Berlin', 'Brandenburg', 'Bremen', 'Hamburg', 'Hessen',
                       'Mecklenburg-Vorpommern', 'Niedersachsen', 'Nordrhein-Westfalen', 'Rheinland-Pfalz', 'Saarland',
                       'Sachsen', 'Sachsen-Anhalt', 'Schleswig-Holstein', 'Thüringen'),
    },
    'organisation': {'type': ORGANISATION_TYPES},
    'event': {
        'kind': ('Netzwerktreffen', 'Lernnetzwerktreffen', 'Fachkonferenz', 'Migrationsmesse', 'Sonstiges'),
        'status': ('draft', 'published', 'cancelled'),
    },
    'agenda_item': {'kind': ('Begrüßung', 'Impulsreferat', 'Vortrag', 'Film', 'Tischgruppen', 'Rollenspiel', 'Podium',
                             'Pause', 'Sonstiges')},
    'question': {'kind': ('short_text', 'long_text', 'single_choice', 'multiple_choice', 'yes_no')},
    'registration': {
        'state': ('pending', 'confirmed', 'waitlisted', 'cancelled', 'attended'),
        'organisation_type': ORGANISATION_TYPES + ('',),
        'badge_role': ('participant', 'speaker', 'team', 'exhibitor', 'visitor'),
    },
    'outbox_mail': {'status': ('pending', 'sending', 'sent', 'failed')},
    'print_job': {'status': ('queued', 'running', 'done', 'failed')},
    'fair': {'interview_mode': ('off', 'planned', 'self_booking')},
    'booth': {'status': ('free', 'reserved', 'confirmed', 'blocked')},
    'exhibitor': {
        'sector': ('Logistik', 'Handwerk', 'Gastronomie', 'Bau', 'Pflege', 'Handel', 'Industrie', 'IT',
                   'Öffentlicher Dienst', 'Sonstige'),
        'company_size': ('1-9', '10-49', '50-249', '250+', ''),
        'state': ('requested', 'confirmed', 'waitlisted', 'cancelled'),
    },
    'offer': {
        'kind': ('Praktikum', 'Ausbildung', 'Einstiegsqualifizierung', 'Stelle'),
        'german_level': GERMAN_LEVELS,
    },
    'visitor_profile': {'german_level': GERMAN_LEVELS},
}


def _one_of(column: str, values) -> str:
    listed = ', '.join("'" + value.replace("'", "''") + "'" for value in values)
    return f'{column} IN ({listed})'


def upgrade():
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, values in columns.items():
                batch_op.create_check_constraint(op.f(f'ck_{table}_{column}'), _one_of(column, values))


def downgrade():
    for table, columns in reversed(CHECKS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(columns):
                batch_op.drop_constraint(op.f(f'ck_{table}_{column}'), type_='check')
