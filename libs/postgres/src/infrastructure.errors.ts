/** Something the system needs cannot start; the message says what is missing and what to set. */
export class InfrastructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InfrastructureError';
  }
}
