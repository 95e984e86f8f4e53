/** An error's message for a log line (anything thrown, not only an Error). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
