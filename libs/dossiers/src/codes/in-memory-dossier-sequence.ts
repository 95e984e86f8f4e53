import type { DossierSequence } from './dossier-sequence.port';

/** For unit tests and the in-memory stack; forgets everything on restart. */
export class InMemoryDossierSequence implements DossierSequence {
  private readonly last = new Map<string, number>();

  next(unitCode: string, localDate: string): Promise<number> {
    const key = `${unitCode}|${localDate}`;
    const value = (this.last.get(key) ?? 0) + 1;
    this.last.set(key, value);
    return Promise.resolve(value);
  }
}
