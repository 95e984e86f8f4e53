import type { ProcedureDefinition } from '../domain/procedure-definition';
import { escapeXml, layoutProcedure } from './layout';

const LANE_X = 160;
const LANE_HEADER = 30;
const COL_WIDTH = 260;
const LANE_HEIGHT = 140;
const TASK_W = 140;
const TASK_H = 80;
const GW = 50;
const EVENT = 36;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * BPMN 2.0 XML of a procedure, with diagram interchange so standard modellers (bpmn-js, Camunda
 * Modeler) open it: a pool with a lane per owner, a task per step, parallel gateways for forks and
 * joins, a start and an end event. Hand-backs are documented on the tasks (BPMN has no flow for them).
 */
export function exportProcedureBpmn(
  def: ProcedureDefinition,
  agencyName: (code: string) => string | undefined = () => undefined,
): string {
  const layout = layoutProcedure(def, agencyName);
  const id = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  const processId = `Process_${id(def.code)}`;
  const successors = new Map<string, string[]>(def.steps.map((s) => [s.id, []]));
  for (const s of def.steps) for (const p of s.after) successors.get(p)?.push(s.id);

  const shapes = new Map<string, Box>();
  const firstX = LANE_X + LANE_HEADER + 110;
  for (const l of layout.steps) {
    shapes.set(`Task_${id(l.step.id)}`, {
      x: firstX + l.column * COL_WIDTH,
      y: l.lane * LANE_HEIGHT + (LANE_HEIGHT - TASK_H) / 2,
      w: TASK_W,
      h: TASK_H,
    });
  }
  const center = (b: Box) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
  /** Flow nodes, written once the flows are known: each lists its incoming and outgoing flows. */
  const nodes: { tag: string; id: string; name?: string; documentation?: string }[] = [];
  const flows: { id: string; from: string; to: string }[] = [];
  const laneRefs = new Map<number, string[]>();
  const inLane = (lane: number, ref: string) => laneRefs.set(lane, [...(laneRefs.get(lane) ?? []), ref]);
  const flow = (from: string, to: string) => flows.push({ id: `Flow_${flows.length + 1}`, from, to });

  const first = layout.steps.find((l) => l.step.after.length === 0)!;
  const firstTask = shapes.get(`Task_${id(first.step.id)}`)!;
  shapes.set('StartEvent_1', {
    x: LANE_X + LANE_HEADER + 30,
    y: center(firstTask).y - EVENT / 2,
    w: EVENT,
    h: EVENT,
  });
  nodes.push({ tag: 'startEvent', id: 'StartEvent_1', name: 'Tiếp nhận hồ sơ' });
  inLane(first.lane, 'StartEvent_1');

  const entryOf = (stepId: string) => {
    const step = def.steps.find((s) => s.id === stepId)!;
    return step.after.length > 1 ? `Join_${id(stepId)}` : `Task_${id(stepId)}`;
  };
  for (const l of layout.steps) {
    const s = l.step;
    const taskId = `Task_${id(s.id)}`;
    const task = shapes.get(taskId)!;
    const returnsTo = (s.canReturnTo ?? []).map((r) => def.steps.find((x) => x.id === r)?.name.vi ?? r);
    nodes.push({
      tag: s.kind === 'return-result' || s.kind === 'notify-tax' ? 'sendTask' : 'userTask',
      id: taskId,
      name: s.name.vi,
      ...(returnsTo.length > 0 ? { documentation: `Có thể trả lại: ${returnsTo.join(', ')}` } : {}),
    });
    inLane(l.lane, taskId);
    if (s.after.length > 1) {
      const joinId = `Join_${id(s.id)}`;
      shapes.set(joinId, { x: task.x - 80, y: center(task).y - GW / 2, w: GW, h: GW });
      nodes.push({ tag: 'parallelGateway', id: joinId });
      inLane(l.lane, joinId);
      flow(joinId, taskId);
    }
    const next = successors.get(s.id) ?? [];
    if (next.length > 1) {
      const forkId = `Fork_${id(s.id)}`;
      shapes.set(forkId, { x: task.x + TASK_W + 30, y: center(task).y - GW / 2, w: GW, h: GW });
      nodes.push({ tag: 'parallelGateway', id: forkId });
      inLane(l.lane, forkId);
      flow(taskId, forkId);
      for (const n of next) flow(forkId, entryOf(n));
    } else if (next.length === 1) {
      flow(taskId, entryOf(next[0]!));
    } else {
      const endId = `EndEvent_${id(s.id)}`;
      shapes.set(endId, { x: task.x + TASK_W + 50, y: center(task).y - EVENT / 2, w: EVENT, h: EVENT });
      nodes.push({ tag: 'endEvent', id: endId, name: 'Trả kết quả' });
      inLane(l.lane, endId);
      flow(taskId, endId);
    }
  }
  flow('StartEvent_1', entryOf(first.step.id));

  const poolWidth = LANE_HEADER + 110 + layout.columns * COL_WIDTH + 80;
  const lanesXml = layout.lanes
    .map(
      (lane, i) =>
        `<bpmn:lane id="Lane_${i + 1}" name="${escapeXml(lane.label)}">${(laneRefs.get(i) ?? []).map((r) => `<bpmn:flowNodeRef>${r}</bpmn:flowNodeRef>`).join('')}</bpmn:lane>`,
    )
    .join('');
  // Each node names its flows (bpmn:incoming, bpmn:outgoing), as modellers write them and as linters
  // (bpmnlint's no-disconnected) and engines read them.
  const nodeXml = nodes.map((n) => {
    const body = [
      ...(n.documentation ? [`<bpmn:documentation>${escapeXml(n.documentation)}</bpmn:documentation>`] : []),
      ...flows.filter((f) => f.to === n.id).map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`),
      ...flows.filter((f) => f.from === n.id).map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`),
    ];
    const name = n.name === undefined ? '' : ` name="${escapeXml(n.name)}"`;
    return `<bpmn:${n.tag} id="${n.id}"${name}>${body.join('')}</bpmn:${n.tag}>`;
  });
  const flowXml = flows
    .map((f) => `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}" />`)
    .join('\n    ');
  const bounds = (b: Box) => `<dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" />`;
  const shapeXml = [...shapes.entries()]
    .map(([el, b]) => `<bpmndi:BPMNShape id="${el}_di" bpmnElement="${el}">${bounds(b)}</bpmndi:BPMNShape>`)
    .join('\n      ');
  const laneShapes = layout.lanes
    .map(
      (_, i) =>
        `<bpmndi:BPMNShape id="Lane_${i + 1}_di" bpmnElement="Lane_${i + 1}" isHorizontal="true">${bounds({ x: LANE_X + LANE_HEADER, y: i * LANE_HEIGHT, w: poolWidth - LANE_HEADER, h: LANE_HEIGHT })}</bpmndi:BPMNShape>`,
    )
    .join('\n      ');
  const edgeXml = flows
    .map((f) => {
      const a = shapes.get(f.from)!;
      const b = shapes.get(f.to)!;
      const start = { x: a.x + a.w, y: a.y + a.h / 2 };
      const end = { x: b.x, y: b.y + b.h / 2 };
      const mid = (start.x + end.x) / 2;
      const points =
        start.y === end.y ? [start, end] : [start, { x: mid, y: start.y }, { x: mid, y: end.y }, end];
      return `<bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${points.map((p) => `<di:waypoint x="${p.x}" y="${p.y}" />`).join('')}</bpmndi:BPMNEdge>`;
    })
    .join('\n      ');

  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_${id(def.code)}" targetNamespace="https://lien-thong.gov.vn/procedures" exporter="Liên Thông" exporterVersion="0.1.0">
  <bpmn:collaboration id="Collaboration_1">
    <bpmn:participant id="Participant_1" name="${escapeXml(`${def.code} — ${def.name.vi}`)}" processRef="${processId}" />
  </bpmn:collaboration>
  <bpmn:process id="${processId}" name="${escapeXml(def.name.vi)}" isExecutable="false">
    <bpmn:laneSet id="LaneSet_1">${lanesXml}</bpmn:laneSet>
    ${nodeXml.join('\n    ')}
    ${flowXml}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Collaboration_1">
      <bpmndi:BPMNShape id="Participant_1_di" bpmnElement="Participant_1" isHorizontal="true">${bounds({ x: LANE_X, y: 0, w: poolWidth, h: layout.lanes.length * LANE_HEIGHT })}</bpmndi:BPMNShape>
      ${laneShapes}
      ${shapeXml}
      ${edgeXml}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
