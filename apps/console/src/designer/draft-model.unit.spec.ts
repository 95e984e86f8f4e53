import { layoutSteps, NEW_DRAFT, parseDraft, problemsByField } from './draft-model';

describe('the procedure designer model', () => {
  it('parses JSON or says why not', () => {
    expect(parseDraft(JSON.stringify(NEW_DRAFT))).toEqual({ draft: NEW_DRAFT });
    expect(parseDraft('{"code": ')).toHaveProperty('error');
    expect(parseDraft('[1]')).toEqual({ error: 'The draft must be a JSON object' });
  });
  it("puts each of the API's problems at its field, and a step's under the step too", () => {
    expect(
      problemsByField([
        { path: 'code', message: 'bad code' },
        { path: 'steps[2].owner.agencyCode', message: 'unknown agency' },
        { path: 'steps[3]', message: 'over the limit' },
      ]),
    ).toEqual({
      code: ['bad code'],
      'steps.2.owner.agencyCode': ['unknown agency'],
      'steps.2': ['unknown agency'],
      'steps.3': ['over the limit'],
    });
  });
  it('lays the steps out in columns by their longest path, branches in rows', () => {
    const step = (id: string, after: string[]) => ({ ...NEW_DRAFT.steps[0]!, id, after });
    const { nodes, edges } = layoutSteps([
      step('a', []),
      step('b', ['a']),
      step('c', ['a']),
      step('d', ['b', 'c']),
    ]);
    expect(nodes.map((n) => [n.id, n.column, n.row])).toEqual([
      ['a', 0, 0],
      ['b', 1, 0],
      ['c', 1, 1],
      ['d', 2, 0],
    ]);
    expect(edges).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'd'],
      ['c', 'd'],
    ]);
    // A cycle does not hang the layout.
    expect(layoutSteps([step('x', ['y']), step('y', ['x'])]).nodes).toHaveLength(2);
  });
});
