import { ShutdownSignals, type ShutdownSignal } from './shutdown-signals';

function signals() {
  const listeners = new Map<ShutdownSignal, () => void>();
  const exits: number[] = [];
  const said: string[] = [];
  const s = new ShutdownSignals({
    log: (m) => said.push(m),
    warn: (m) => said.push(`warn: ${m}`),
    exit: (code) => exits.push(code),
    on: (signal, listener) => listeners.set(signal, listener),
  });
  return { s, exits, said, send: (signal: ShutdownSignal) => listeners.get(signal)!() };
}

describe('ShutdownSignals', () => {
  it('asks for a drain on the first SIGINT or SIGTERM', async () => {
    const { s, exits, send } = signals();
    send('SIGTERM');
    expect(await s.requested).toBe('SIGTERM');
    expect(s.signal).toBe('SIGTERM');
    expect(exits).toEqual([]);
  });

  it('exits at once when the same signal comes again (Ctrl-C twice: 130; SIGTERM twice: 143)', () => {
    const twiceInt = signals();
    twiceInt.send('SIGINT');
    twiceInt.send('SIGINT');
    expect(twiceInt.exits).toEqual([130]);
    expect(twiceInt.said.at(-1)).toMatch(/^warn: SIGINT again: stopping without draining/);
    const twiceTerm = signals();
    twiceTerm.send('SIGTERM');
    twiceTerm.send('SIGTERM');
    expect(twiceTerm.exits).toEqual([143]);
  });

  it("keeps draining when a terminal's SIGINT and a launcher's SIGTERM both arrive", async () => {
    const { s, exits, said, send } = signals();
    send('SIGINT');
    send('SIGTERM');
    expect(await s.requested).toBe('SIGINT');
    expect(exits).toEqual([]);
    expect(said.at(-1)).toBe('SIGTERM: already draining');
  });
});
