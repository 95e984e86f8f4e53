import { DomainError } from '@lien-thong/contracts';
import {
  decideAgency,
  evolveAgency,
  initialAgencyState,
  type AgencyCommand,
  type AgencyState,
} from './agency-decider';
import type { AgencyEvent, AgencyProfile } from './agency-events';
import { validateAgencyImport } from './agency-import';

const police: AgencyProfile = {
  code: '000.00.72.H29',
  name: { vi: 'Công an phường Sài Gòn' },
  level: 'commune',
  roles: ['commune-police'],
};
const given = (...events: AgencyEvent[]): AgencyState => events.reduce(evolveAgency, initialAgencyState);
const when = (state: AgencyState, command: AgencyCommand) => {
  try {
    return decideAgency(command, state);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
};
const registered: AgencyEvent = { type: 'AgencyRegistered', data: { profile: police, source: 'file' } };

describe('agency decider', () => {
  it('registers a new agency', () => {
    expect(when(given(), { type: 'ImportAgency', profile: police, source: 'file' })).toEqual([registered]);
  });

  it('records nothing when the imported profile is unchanged, whatever the key order', () => {
    const reordered = {
      roles: ['commune-police'],
      level: 'commune',
      name: { vi: 'Công an phường Sài Gòn' },
      code: '000.00.72.H29',
    } as AgencyProfile;
    expect(when(given(registered), { type: 'ImportAgency', profile: reordered, source: 'file' })).toEqual([]);
  });

  it('records an update when the profile changed, and re-activates a deactivated agency', () => {
    const head = { ...police, head: { name: 'Trần Văn B', title: 'Trưởng Công an phường' } };
    expect(when(given(registered), { type: 'ImportAgency', profile: head, source: 'file' })).toEqual([
      { type: 'AgencyUpdated', data: { profile: head, source: 'file' } },
    ]);
    const deactivated = given(registered, { type: 'AgencyDeactivated', data: { reason: 'sáp nhập' } });
    expect(when(deactivated, { type: 'ImportAgency', profile: police, source: 'file' })).toEqual([
      { type: 'AgencyUpdated', data: { profile: police, source: 'file' } },
    ]);
  });

  it('deactivates an active agency once', () => {
    expect(when(given(registered), { type: 'DeactivateAgency', reason: 'sáp nhập' })).toEqual([
      { type: 'AgencyDeactivated', data: { reason: 'sáp nhập' } },
    ]);
    expect(
      when(given(registered, { type: 'AgencyDeactivated', data: { reason: 'x' } }), {
        type: 'DeactivateAgency',
        reason: 'y',
      }),
    ).toMatchObject({ code: 'AGENCY_INACTIVE' });
    expect(when(given(), { type: 'DeactivateAgency', reason: 'y' })).toMatchObject({
      code: 'AGENCY_NOT_FOUND',
    });
  });
});

describe('agency code reissue', () => {
  it('closes the old code with its successor, once', () => {
    const events = when(given(registered), {
      type: 'ReissueAgencyCode',
      newCode: '000.00.72.H79',
      reason: 'sáp nhập tỉnh',
    }) as AgencyEvent[];
    expect(events).toEqual([
      { type: 'AgencyCodeReissued', data: { newCode: '000.00.72.H79', reason: 'sáp nhập tỉnh' } },
    ]);
    const after = given(registered, ...events);
    expect(after).toMatchObject({ active: false, successor: '000.00.72.H79' });
    expect(when(after, { type: 'ReissueAgencyCode', newCode: '000.00.72.H79', reason: 'again' })).toEqual([]);
    expect(
      when(after, { type: 'ReissueAgencyCode', newCode: '000.00.73.H79', reason: 'other' }),
    ).toMatchObject({ code: 'AGENCY_INACTIVE' });
  });

  it('refuses the same code and unknown agencies', () => {
    expect(
      when(given(registered), { type: 'ReissueAgencyCode', newCode: police.code, reason: 'x' }),
    ).toMatchObject({ code: 'AGENCY_SAME_CODE' });
    expect(when(given(), { type: 'ReissueAgencyCode', newCode: '000.00.72.H79', reason: 'x' })).toMatchObject(
      { code: 'AGENCY_NOT_FOUND' },
    );
  });
});

describe('agency import files', () => {
  it('accepts a file whose parents are in the file or already known', () => {
    const file = {
      agencies: [
        police,
        { ...police, code: '000.00.74.H29', parent: '000.00.72.H29' },
        { ...police, code: '000.00.75.H29', parent: '000.00.62.H29' },
      ],
    };
    expect(validateAgencyImport(file, (c) => c === '000.00.62.H29')).toMatchObject({ ok: true });
  });

  it('refuses an empty or missing list', () => {
    expect(validateAgencyImport({ agencies: [] }, () => false)).toMatchObject({
      ok: false,
      problems: [{ path: 'agencies' }],
    });
    expect(validateAgencyImport(null, () => false)).toMatchObject({ ok: false });
  });

  it('names a malformed head and jurisdiction', () => {
    const result = validateAgencyImport(
      { agencies: [{ ...police, head: 'boss', jurisdiction: [1] }] },
      () => false,
    );
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual([
      'agencies[0].head',
      'agencies[0].jurisdiction',
    ]);
  });
});
