import { PORTAL_EVENT_TYPES, PORTAL_STATUSES, portalStatusOf } from './portal-statuses';

describe('portal statuses', () => {
  it('maps each event it listens to onto a status the portal knows, and no other event', () => {
    for (const type of PORTAL_EVENT_TYPES) expect(PORTAL_STATUSES).toContain(portalStatusOf({ type }));
    for (const type of [
      'StepReceived',
      'StepCompleted',
      'StepOverdue',
      'ApplicantNotified',
      'DossierTransferred',
    ])
      expect(portalStatusOf({ type })).toBeUndefined();
    expect(portalStatusOf({ type: 'ExcludedPhaseStarted' })).toBe('paused');
    expect(portalStatusOf({ type: 'ExcludedPhaseEnded' })).toBe('in-processing');
  });

  it('listens to exactly the events that move a status (the projection filter)', () => {
    const every = [
      'DossierReceived',
      'DossierTransferred',
      'StepHandedOff',
      'StepReceived',
      'StepCompleted',
      'StepReturned',
      'SupplementRequested',
      'SupplementReceived',
      'ExcludedPhaseStarted',
      'ExcludedPhaseEnded',
      'StepOverdue',
      'ApologyRequested',
      'ApologyIssued',
      'DossierEscalated',
      'ProcessingStopped',
      'DossierWithdrawn',
      'ResultReady',
      'ResultReturned',
      'SatisfactionRated',
    ];
    expect(every.filter((type) => portalStatusOf({ type }) !== undefined).sort()).toEqual(
      [...PORTAL_EVENT_TYPES].sort(),
    );
  });
});
