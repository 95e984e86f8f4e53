interface SharedState {
  refs: number;
  stop: () => Promise<void>;
}
const key = Symbol.for('lien-thong.test-postgres');
type GlobalWithState = typeof globalThis & { [key]?: SharedState };

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as GlobalWithState;
  const state = g[key];
  if (!state) return;
  state.refs -= 1;
  if (state.refs > 0) return;
  delete g[key];
  await state.stop();
}
