import { swimlaneOf, type SlipRow } from './swimlane';

const row = (over: Partial<SlipRow>): SlipRow => ({
  seq: 1,
  kind: 'handoff',
  stepId: 's',
  toAgencyCode: 'A',
  handedOffAt: '2026-03-09T08:00:00+07:00',
  deadline: '2026-03-09T10:00:00+07:00',
  completedAt: '2026-03-09T09:00:00+07:00',
  returnedAt: null,
  outcome: 'early',
  ...over,
});

describe('the swimlane of a dossier', () => {
  const now = Date.parse('2026-03-09T12:00:00+07:00');
  it('puts each agency in its lane and marks the late visit and its agency', () => {
    const lane = swimlaneOf(
      [
        row({ seq: 1, kind: 'transfer', stepId: null }),
        row({
          seq: 2,
          stepId: 'police',
          toAgencyCode: 'POLICE',
          outcome: 'late',
          completedAt: '2026-03-09T11:00:00+07:00',
        }),
        row({ seq: 3, stepId: 'insurance', toAgencyCode: 'BHXH' }),
      ],
      now,
    );
    expect(lane.lanes).toEqual(['POLICE', 'BHXH']);
    expect(lane.bars.map((b) => [b.stepId, b.lane, b.late])).toEqual([
      ['police', 0, true],
      ['insurance', 1, false],
    ]);
    expect(lane.lateAgencies).toEqual(['POLICE']);
  });
  it('counts an open step past its deadline as late, and cuts the picture at an earlier instant', () => {
    const open = row({ completedAt: null, outcome: null });
    expect(swimlaneOf([open], now).bars[0]).toMatchObject({ open: true, late: true, end: now });
    const before = Date.parse('2026-03-09T09:30:00+07:00');
    expect(swimlaneOf([open], now, before).bars[0]).toMatchObject({ late: false, end: before });
    expect(swimlaneOf([open], now, Date.parse('2026-03-09T07:00:00+07:00')).bars).toEqual([]);
  });
});
