import { dossierEventCatalogue } from './dossier-event-catalogue';
import { DOSSIER_EVENT_TYPES, DOSSIER_STREAM_CATEGORIES, type DossierEventType } from './dossier-events';

/** Lifecycle phases, in order; every event type belongs to exactly one (checked by the unit test). */
export const EVENT_PHASES: readonly {
  readonly title: string;
  readonly types: readonly DossierEventType[];
}[] = [
  {
    title: 'Intake (tiếp nhận): exactly one outcome',
    types: ['DossierReceived', 'DossierSupplementRequestedAtIntake', 'DossierRefusedAtIntake'],
  },
  { title: 'Transfer to the processing agency', types: ['DossierTransferred'] },
  { title: 'Steps and handoffs', types: ['StepHandedOff', 'StepReceived', 'StepCompleted', 'StepReturned'] },
  {
    title: 'The clock: supplements and excluded phases',
    types: ['SupplementRequested', 'SupplementReceived', 'ExcludedPhaseStarted', 'ExcludedPhaseEnded'],
  },
  {
    title:
      'Deadlines and lateness (quá hạn): warnings, reminders, overdue, apology, escalation, calendar changes',
    types: [
      'StepLatenessWarned',
      'StepReminderSent',
      'StepOverdue',
      'ApologyRequested',
      'ApologyIssued',
      'DossierEscalated',
      'DeadlinesRecomputed',
    ],
  },
  { title: 'End', types: ['ProcessingStopped', 'DossierWithdrawn', 'ResultReady', 'ResultReturned'] },
  { title: 'After the end', types: ['SatisfactionRated', 'ApplicantDataErased'] },
  {
    title: 'The applicant is told (thông báo cho người nộp hồ sơ)',
    types: ['ApplicantNotified', 'ApplicantNoticeNotSent'],
  },
  { title: 'The postal service (bưu chính công ích)', types: ['PostalShipmentUpdated'] },
];

const INTAKE_ONLY: readonly DossierEventType[] = [
  DOSSIER_EVENT_TYPES.supplementRequestedAtIntake,
  DOSSIER_EVENT_TYPES.refusedAtIntake,
];

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const anchor = (type: string): string => type.toLowerCase();

/** docs/events.md, generated from the event registry and `dossierEventCatalogue` (before formatting). */
export function renderEventCatalogueMarkdown(): string {
  const byType = new Map(dossierEventCatalogue.map((e) => [e.type, e]));
  const lines: string[] = [
    '# Dossier event catalogue',
    '',
    '<!-- Generated from libs/dossier-model/src (the event registry and dossierEventCatalogue). ' +
      'Do not edit by hand: run `npm run docs:events`. A unit test fails when this file is out of date. -->',
    '',
    'Every dossier event, as stored in the event store. Type names are explicit literals that are never ' +
      'renamed; a change of shape adds a schema version and an upcaster. Events carry no personal data: ' +
      'the applicant is an opaque `applicantRef` into the personal-data vault. Every instant is an ISO 8601 ' +
      "string with an offset. Who acted (person, agency or system) is in each event's metadata " +
      '(`actor`, `occurredAt`, `correlationId`, `causationId`), not in its data. A field marked ' +
      '(optional) is absent from some events of its type: readers treat absence as stated in its meaning.',
    '',
    `Streams: an accepted dossier is \`dossier-<dossierCode>\`; an intake that ended without a code ` +
      `(form 02 or 03) is \`intake-<intakeRef>\`. Categories: ${DOSSIER_STREAM_CATEGORIES.map((c) => `\`${c}\``).join(', ')}.`,
    '',
    '## Contents',
    '',
  ];
  for (const phase of EVENT_PHASES) {
    lines.push(`- ${phase.title}: ${phase.types.map((t) => `[${t}](#${anchor(t)})`).join(', ')}`);
  }
  for (const phase of EVENT_PHASES) {
    lines.push('', `## ${phase.title}`);
    for (const type of phase.types) {
      const entry = byType.get(type);
      if (!entry) throw new Error(`No catalogue entry for ${type}`);
      const stream = INTAKE_ONLY.includes(type) ? '`intake-<intakeRef>`' : '`dossier-<dossierCode>`';
      lines.push(
        '',
        `### ${type}`,
        '',
        entry.description,
        '',
        `Stream: ${stream}. Schema version: ${entry.schemaVersion}.`,
        '',
        '| Field | Type | Meaning |',
        '| --- | --- | --- |',
        ...entry.fields.map(
          (f) =>
            `| \`${f.name}\`${f.optional ? ' (optional)' : ''} | \`${cell(f.type)}\` | ${cell(f.description)} |`,
        ),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
