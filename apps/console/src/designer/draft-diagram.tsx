import { useTranslation } from 'react-i18next';
import { layoutSteps, type DraftStep } from './draft-model';

const W = 170;
const H = 56;
const GX = 50;
const GY = 24;

/** The draft's steps as boxes and arrows, redrawn as it is edited (before anything is published). */
export function DraftDiagram({
  steps,
  problems,
}: {
  steps: DraftStep[];
  problems: Record<string, string[]>;
}) {
  const { t } = useTranslation();
  const { nodes, edges } = layoutSteps(Array.isArray(steps) ? steps : []);
  const at = new Map(nodes.map((n) => [n.id, n]));
  const width = Math.max(...nodes.map((n) => n.column), 0) * (W + GX) + W + 20;
  const height = Math.max(...nodes.map((n) => n.row), 0) * (H + GY) + H + 20;
  const x = (c: number) => 10 + c * (W + GX);
  const y = (r: number) => 10 + r * (H + GY);
  return (
    <svg
      role="img"
      aria-label={t('designer.diagram')}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width, border: '1px solid #dee2e6', background: '#fff' }}
      data-testid="draft-diagram"
    >
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="#495057" />
        </marker>
      </defs>
      {edges.map(([from, to]) => {
        const a = at.get(from)!;
        const b = at.get(to)!;
        return (
          <line
            key={`${from}-${to}`}
            x1={x(a.column) + W}
            y1={y(a.row) + H / 2}
            x2={x(b.column) - 2}
            y2={y(b.row) + H / 2}
            stroke="#495057"
            strokeWidth={1.5}
            markerEnd="url(#arrow)"
          />
        );
      })}
      {nodes.map((n, i) => {
        const bad = (problems[`steps.${i}`]?.length ?? 0) > 0;
        return (
          <g key={`${n.id}-${i}`} data-step={n.id} data-problem={bad ? 'true' : 'false'}>
            <rect
              x={x(n.column)}
              y={y(n.row)}
              width={W}
              height={H}
              rx={6}
              fill={bad ? '#fff5f5' : '#e7f5ff'}
              stroke={bad ? '#b02525' : '#1971c2'}
              strokeWidth={bad ? 2.5 : 1.5}
            />
            <text x={x(n.column) + 8} y={y(n.row) + 22} fontSize={12} fontWeight={700} fill="#212529">
              {n.label.slice(0, 24)}
            </text>
            <text x={x(n.column) + 8} y={y(n.row) + 42} fontSize={10} fill="#495057">
              {n.owner.slice(0, 30)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
