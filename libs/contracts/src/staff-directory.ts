/**
 * Staff display names for what is printed and shown (forms sign with the person's name, not a login
 * id): provided by the identity context, read by the forms. Bundle-safe: a token and a shape.
 */
export const STAFF_DIRECTORY = Symbol.for('lien-thong.StaffDirectory');

export interface StaffDirectory {
  /** The display names of the staff users among `personIds` (unknown ids are left out). */
  displayNames(personIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
}
