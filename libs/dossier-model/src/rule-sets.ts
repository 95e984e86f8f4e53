import type { RuleSetVersion } from './dossier-snapshot';
import { vietnamDateOf } from './timeliness';

/**
 * The rule sets as data: which decree and circular govern a dossier, from when until when, and how that
 * circular numbers and titles each form. A dossier is bound to the rule set in force on the (Vietnam
 * local) day it was received (`ruleSetAt`), for life; a new rule set is a new entry here, never an edit
 * of an old one. Pure: no I/O.
 */

/** The kinds of printed form the one-stop mechanism prescribes, whatever a circular numbers them. */
export type FormKind =
  'receipt' | 'supplement-request' | 'refusal' | 'apology' | 'stop-notice' | 'control-slip' | 'register';

export const FORM_KINDS: readonly FormKind[] = [
  'receipt',
  'supplement-request',
  'refusal',
  'apology',
  'stop-notice',
  'control-slip',
  'register',
];

export interface LegalInstrument {
  /** Its official number, e.g. `61/2018/NĐ-CP`. */
  readonly number: string;
  /** First day in force (Vietnam local date, `YYYY-MM-DD`), where it matters here. */
  readonly inForceFrom?: string;
}

/** A form as a circular prescribes it: its number there ("Mẫu số 05") and its title. */
export interface PrescribedForm {
  readonly number: string;
  readonly title: { readonly vi: string; readonly en: string };
}

export interface RuleSet {
  readonly version: RuleSetVersion;
  /** The decree on the one-stop mechanism, with the decrees that amended it. */
  readonly decree: LegalInstrument & { readonly amendedBy: readonly LegalInstrument[] };
  /** The Government Office circular that guides it (forms, numbering). */
  readonly circular: LegalInstrument;
  /** First day a dossier received is bound to this rule set (Vietnam local date). */
  readonly inForceFrom: string;
  /** Last day (inclusive); null while in force. */
  readonly inForceUntil: string | null;
  /** Each form kind as this rule set's circular numbers and titles it; null when it prescribes none. */
  readonly forms: { readonly [K in FormKind]: PrescribedForm | null };
}

const RECEIPT = {
  vi: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  en: 'Receipt and appointment slip',
} as const;
const SUPPLEMENT_REQUEST = {
  vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  en: 'Request to supplement the dossier',
} as const;
const REFUSAL = {
  vi: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  en: 'Refusal to receive the dossier',
} as const;
const CONTROL_SLIP = {
  vi: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  en: 'Control slip of the dossier process',
} as const;
const REGISTER = { vi: 'Sổ theo dõi hồ sơ', en: 'Dossier register' } as const;

/**
 * Oldest first, without gaps or overlaps (checked by rule-sets.unit.spec.ts). The titles of forms 04
 * and 05 of Circular 03/2025 could not be checked against the circular's own text: see docs/rules.md
 * (item 7).
 */
export const RULE_SETS: readonly RuleSet[] = [
  {
    version: 'decree-61-2018',
    decree: {
      number: '61/2018/NĐ-CP',
      inForceFrom: '2018-06-21',
      amendedBy: [{ number: '107/2021/NĐ-CP' }],
    },
    circular: { number: '01/2018/TT-VPCP', inForceFrom: '2019-01-08' },
    inForceFrom: '2018-06-21',
    inForceUntil: '2025-06-30',
    forms: {
      receipt: { number: '01', title: RECEIPT },
      'supplement-request': { number: '02', title: SUPPLEMENT_REQUEST },
      refusal: { number: '03', title: REFUSAL },
      apology: {
        number: '04',
        title: { vi: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', en: 'Apology and new appointment' },
      },
      // Circular 01/2018 prescribes no notice of stopping processing.
      'stop-notice': null,
      'control-slip': { number: '05', title: CONTROL_SLIP },
      register: { number: '06', title: REGISTER },
    },
  },
  {
    version: 'decree-118-2025',
    decree: {
      number: '118/2025/NĐ-CP',
      inForceFrom: '2025-07-01',
      amendedBy: [{ number: '367/2025/NĐ-CP' }],
    },
    circular: { number: '03/2025/TT-VPCP', inForceFrom: '2025-07-01' },
    inForceFrom: '2025-07-01',
    inForceUntil: null,
    forms: {
      receipt: { number: '01', title: RECEIPT },
      'supplement-request': { number: '02', title: SUPPLEMENT_REQUEST },
      refusal: { number: '03', title: REFUSAL },
      apology: {
        number: '04',
        title: {
          vi: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
          en: 'Apology and request to extend the processing time',
        },
      },
      'stop-notice': {
        number: '05',
        title: { vi: 'Thông báo dừng giải quyết hồ sơ', en: 'Notice of stopping processing' },
      },
      'control-slip': { number: '06', title: CONTROL_SLIP },
      register: { number: '07', title: REGISTER },
    },
  },
];

/**
 * The rule set in force at an instant (ISO 8601 or epoch ms), judged on its Vietnam local date: a dossier
 * received at 23:59 on 30/6/2025 in Hà Nội follows Decree 61/2018, one received at 00:00 on 1/7/2025
 * Decree 118/2025. Null before the first rule set (before 21/6/2018) or for an invalid instant.
 */
export function ruleSetAt(instant: string | number): RuleSet | null {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) return null;
  const day = vietnamDateOf(ms);
  return (
    RULE_SETS.find((r) => r.inForceFrom <= day && (r.inForceUntil === null || day <= r.inForceUntil)) ?? null
  );
}

/** The rule set of a version (every `RuleSetVersion` has one). */
export function ruleSetOf(version: RuleSetVersion): RuleSet {
  const found = RULE_SETS.find((r) => r.version === version);
  if (!found) throw new RangeError(`no rule set ${String(version)}`);
  return found;
}
