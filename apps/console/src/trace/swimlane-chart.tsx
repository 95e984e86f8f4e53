import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format';
import type { Swimlane } from './swimlane';

const LANE = 44;
const LABEL = 200;
const WIDTH = 900;

/** Steps against their budgets, one lane per agency; the late step and its agency in red. */
export function SwimlaneChart({ lane, names }: { lane: Swimlane; names: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  const span = lane.to - lane.from || 1;
  const x = (time: number) => LABEL + ((time - lane.from) / span) * (WIDTH - LABEL - 10);
  const height = lane.lanes.length * LANE + 30;
  if (lane.bars.length === 0) return <p>{t('trace.noSteps')}</p>;
  return (
    <svg
      role="img"
      aria-labelledby="swimlane-title swimlane-desc"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      style={{ maxWidth: WIDTH, fontFamily: 'inherit' }}
      data-testid="swimlane"
    >
      <title id="swimlane-title">{t('trace.swimlane')}</title>
      <defs>
        {/* An agency's name never runs into the bars: it is cut at the label column. */}
        <clipPath id="swimlane-labels">
          <rect x={0} y={0} width={LABEL - 8} height={height} />
        </clipPath>
      </defs>
      <desc id="swimlane-desc">
        {lane.bars
          .map(
            (b) =>
              `${b.stepId} (${names[b.agencyCode] ?? b.agencyCode}): ${formatDateTime(new Date(b.start).toISOString(), i18n.language)} → ${formatDateTime(new Date(b.end).toISOString(), i18n.language)}${b.late ? `, ${t('trace.late')}` : ''}`,
          )
          .join('; ')}
      </desc>
      {lane.lanes.map((agency, i) => {
        const late = lane.lateAgencies.includes(agency);
        return (
          <g key={agency} data-lane={agency} data-late={late ? 'true' : 'false'}>
            <rect x={0} y={i * LANE} width={WIDTH} height={LANE} fill={i % 2 ? '#f8f9fa' : '#ffffff'} />
            <text
              x={6}
              y={i * LANE + 26}
              fontSize={12}
              fill={late ? '#a51d1d' : '#212529'}
              fontWeight={late ? 700 : 400}
              clipPath="url(#swimlane-labels)"
            >
              <title>{names[agency] ?? agency}</title>
              {names[agency] ?? agency}
            </text>
          </g>
        );
      })}
      {lane.bars.map((b) => {
        const y = b.lane * LANE + 10;
        return (
          <g key={b.seq} data-step={b.stepId} data-late={b.late ? 'true' : 'false'}>
            <rect
              x={x(b.start)}
              y={y}
              width={Math.max(x(b.end) - x(b.start), 3)}
              height={LANE - 20}
              rx={3}
              fill={b.late ? '#c92a2a' : '#2f9e44'}
              opacity={b.open ? 0.7 : 1}
            />
            {b.deadline !== null && (
              <line
                x1={x(b.deadline)}
                x2={x(b.deadline)}
                y1={y - 4}
                y2={y + LANE - 16}
                stroke="#212529"
                strokeWidth={2}
                strokeDasharray="3 2"
              />
            )}
            <text x={x(b.start) + 4} y={y + 16} fontSize={11} fill="#ffffff">
              {b.stepId}
            </text>
          </g>
        );
      })}
      <text x={LABEL} y={height - 8} fontSize={11} fill="#495057">
        {formatDateTime(new Date(lane.from).toISOString(), i18n.language)}
      </text>
      <text x={WIDTH - 10} y={height - 8} fontSize={11} fill="#495057" textAnchor="end">
        {formatDateTime(new Date(lane.to).toISOString(), i18n.language)}
      </text>
    </svg>
  );
}
