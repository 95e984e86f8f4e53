// `node tools/read-bpmn.mjs FILE.bpmn…`: reads each BPMN 2.0 file with bpmn-moddle (the library behind
// bpmn-js and Camunda Modeler) and prints one JSON line per file: its import warnings, its flow nodes,
// its sequence flows with the ids their source and target resolve to (null when unresolved), and the
// elements the diagram draws. A script of its own because bpmn-moddle is an ES module, which the tests'
// CommonJS runtime cannot load.
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';

const moddle = new BpmnModdle();
for (const file of process.argv.slice(2)) {
  const { rootElement, warnings } = await moddle.fromXML(readFileSync(file, 'utf8'), 'bpmn:Definitions');
  const processes = rootElement.rootElements.filter((e) => e.$type === 'bpmn:Process');
  const elements = processes.flatMap((p) => p.flowElements ?? []);
  const drawn = (rootElement.diagrams ?? []).flatMap((d) =>
    (d.plane.planeElement ?? []).map((e) => ({ type: e.$type, element: e.bpmnElement?.id ?? null })),
  );
  const lanes = processes.flatMap((p) => (p.laneSets ?? []).flatMap((s) => s.lanes ?? []));
  console.log(
    JSON.stringify({
      file,
      warnings: warnings.map((w) => w.message),
      nodes: elements
        .filter((e) => e.$type !== 'bpmn:SequenceFlow')
        .map((e) => ({
          id: e.id,
          type: e.$type,
          name: e.name ?? null,
          incoming: (e.incoming ?? []).map((f) => f.id),
          outgoing: (e.outgoing ?? []).map((f) => f.id),
        })),
      flows: elements
        .filter((e) => e.$type === 'bpmn:SequenceFlow')
        .map((e) => ({ id: e.id, source: e.sourceRef?.id ?? null, target: e.targetRef?.id ?? null })),
      lanes: lanes.map((l) => ({
        id: l.id,
        name: l.name ?? null,
        nodes: (l.flowNodeRef ?? []).map((n) => n.id),
      })),
      drawn,
    }),
  );
}
