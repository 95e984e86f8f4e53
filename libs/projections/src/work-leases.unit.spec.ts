import { ownerOf } from './work-leases';

const names = Array.from({ length: 40 }, (_, i) => `projection_${i}`);
const member = (slot: number, only: readonly string[] = names) => ({ slot, names: new Set(only) });

describe('ownerOf (rendezvous hashing of leases among members)', () => {
  it('gives each name to one member, spread over the members', () => {
    const members = [member(0), member(1), member(2)];
    const counts = new Map<number, number>();
    for (const name of names) {
      const owner = ownerOf(name, members)!;
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([0, 1, 2]);
    for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(5);
  });

  it('moves only the share of a member that joins or leaves', () => {
    const before = [member(0), member(1)];
    const after = [...before, member(7)];
    for (const name of names) {
      const moved = ownerOf(name, before) !== ownerOf(name, after);
      // A name moves only to the newcomer, never between the members already there.
      if (moved) expect(ownerOf(name, after)).toBe(7);
    }
    expect(names.filter((n) => ownerOf(n, after) === 7).length).toBeGreaterThan(0);
  });

  it('gives a name only to a member that can run it, and to nobody when none can', () => {
    const members = [member(0, ['projection_1']), member(1, ['projection_2'])];
    expect(ownerOf('projection_1', members)).toBe(0);
    expect(ownerOf('projection_2', members)).toBe(1);
    expect(ownerOf('projection_3', members)).toBeUndefined();
  });
});
