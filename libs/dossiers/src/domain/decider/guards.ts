// Checks shared by the decider slices: the dossier is in a status that allows the command, the step is
// routed, held, received; and the items lists of supplement requests.
import { type CommandProblems, dossierError, dossierNotFound } from '../dossier-errors';
import type { DossierRouting, RoutedStep, SupplementItem } from '@lien-thong/dossier-model';
import {
  type ActiveStep,
  CLOSED_STATUSES,
  DOCUMENT_COPY_KINDS,
  type DossierState,
  type DossierStatus,
} from '@lien-thong/dossier-model';

export function requireStatus(state: DossierState, allowed: readonly DossierStatus[], action: string): void {
  if (allowed.includes(state.status)) return;
  switch (state.status) {
    case 'new':
      throw dossierNotFound(state.dossierCode);
    case 'intake-supplement-requested':
    case 'intake-refused':
      throw dossierError(
        'DOSSIER_NOT_ACCEPTED',
        `Cannot ${action}: the intake ended without accepting the dossier (${state.status})`,
        `Hồ sơ không được tiếp nhận (${state.status})`,
      );
    case 'returned':
    case 'stopped':
    case 'withdrawn':
      throw dossierError(
        'DOSSIER_CLOSED',
        `Cannot ${action}: the dossier is ${state.status}`,
        `Hồ sơ đã kết thúc (${state.status}): không thể thao tác`,
      );
    case 'result-ready':
      throw dossierError(
        'DOSSIER_RESULT_ALREADY_READY',
        `Cannot ${action}: the result is already at the desk`,
        'Kết quả đã có tại bộ phận một cửa',
      );
    case 'accepted':
    case 'in-processing':
      throw dossierError(
        'DOSSIER_WRONG_STATUS',
        `Cannot ${action} while the dossier is ${state.status}`,
        `Không thể thao tác khi hồ sơ ở trạng thái ${state.status}`,
      );
  }
}

export function requireClosed(state: DossierState, action: string): void {
  if (CLOSED_STATUSES.includes(state.status)) return;
  if (state.status === 'new') throw dossierNotFound(state.dossierCode);
  throw dossierError(
    'DOSSIER_STILL_OPEN',
    `Cannot ${action} before the dossier is closed (it is ${state.status})`,
    `Chưa thể thao tác khi hồ sơ chưa kết thúc (${state.status})`,
  );
}

/** Set by DossierReceived: every status past intake has it. */
export function routing(state: DossierState): DossierRouting {
  if (!state.routing) throw dossierNotFound(state.dossierCode);
  return state.routing;
}

export function dueDates(state: DossierState): { dueAt: string; appointmentAt: string } {
  if (state.dueAt === null || state.appointmentAt === null) throw dossierNotFound(state.dossierCode);
  return { dueAt: state.dueAt, appointmentAt: state.appointmentAt };
}

export function routedStep(state: DossierState, stepId: string): RoutedStep {
  const step = routing(state).steps.find((s) => s.id === stepId);
  if (!step) {
    throw dossierError(
      'DOSSIER_STEP_UNKNOWN',
      `The dossier's routing has no step ${stepId}`,
      `Quy trình của hồ sơ không có bước ${stepId}`,
    );
  }
  return step;
}

export function activeStep(state: DossierState, stepId: string): ActiveStep {
  const step = state.activeSteps[stepId];
  if (!step) {
    throw dossierError(
      'DOSSIER_STEP_NOT_ACTIVE',
      `Step ${stepId} is not being processed`,
      `Bước ${stepId} không đang được xử lý`,
    );
  }
  return step;
}

/** Only the agency holding a step acts on it. */
export function heldStep(state: DossierState, stepId: string, agencyCode: string): ActiveStep {
  routedStep(state, stepId);
  const step = activeStep(state, stepId);
  if (step.holderAgencyCode !== agencyCode) {
    throw dossierError(
      'DOSSIER_STEP_NOT_HELD',
      `${agencyCode} does not hold step ${stepId} (${step.holderAgencyCode} does)`,
      `${agencyCode} không giữ bước ${stepId} (${step.holderAgencyCode} đang giữ)`,
    );
  }
  return step;
}

/** Acting on a step needs its receipt on record: the control slip shows when each agency received it. */
export function receivedHeldStep(state: DossierState, stepId: string, agencyCode: string): ActiveStep {
  const step = heldStep(state, stepId, agencyCode);
  if (step.receivedAt === null) {
    throw dossierError(
      'DOSSIER_STEP_NOT_RECEIVED',
      `${agencyCode} has not acknowledged receiving step ${stepId}`,
      `${agencyCode} chưa xác nhận tiếp nhận bước ${stepId}`,
    );
  }
  return step;
}

export function requireNotAwaitingSupplement(state: DossierState, stepId: string): void {
  if (state.openSupplement?.stepId === stepId) {
    throw dossierError(
      'DOSSIER_AWAITING_SUPPLEMENT',
      `Step ${stepId} waits for the applicant's supplement`,
      `Bước ${stepId} đang chờ người nộp bổ sung hồ sơ`,
    );
  }
}

export function checkItems(items: readonly SupplementItem[], p: CommandProblems): void {
  if (items.length === 0)
    p.add(
      'items',
      'REQUIRED',
      'list what to add or correct, once and completely',
      'nêu đầy đủ, một lần, các giấy tờ cần bổ sung hoặc sửa đổi',
    );
  items.forEach((item, i) => {
    p.text(item.description, `items[${i}].description`);
    if (item.action !== 'add' && item.action !== 'correct')
      p.add(`items[${i}].action`, 'UNKNOWN', 'the action is add or correct', 'chọn bổ sung hoặc sửa đổi');
    if (item.copyKind !== undefined && !DOCUMENT_COPY_KINDS.includes(item.copyKind))
      p.add(
        `items[${i}].copyKind`,
        'UNKNOWN',
        `the copy is one of ${DOCUMENT_COPY_KINDS.join(', ')}`,
        'loại bản phải là bản chính, bản sao chứng thực hoặc bản chụp',
      );
    if (item.copies !== undefined) {
      if (item.copyKind === undefined)
        p.add(
          `items[${i}].copies`,
          'COPY_KIND_REQUIRED',
          'copies go with copyKind (original, certified copy or photocopy)',
          'số bản đi kèm loại bản (bản chính, bản sao chứng thực hoặc bản chụp)',
        );
      else if (!Number.isInteger(item.copies) || item.copies < 1 || item.copies > 100)
        p.add(
          `items[${i}].copies`,
          'COPIES',
          'copies must be a whole number from 1 to 100',
          'số bản là số nguyên từ 1 đến 100',
        );
    }
  });
}

export function copyItem(item: SupplementItem): SupplementItem {
  return {
    documentCode: item.documentCode ?? null,
    action: item.action,
    description: item.description,
    ...(item.copyKind !== undefined ? { copyKind: item.copyKind, copies: item.copies ?? 1 } : {}),
  };
}
