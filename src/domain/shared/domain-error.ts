/** A school-side or admin command that cannot be carried out (bad input, missing set-up). */
export class DomainError extends Error {}
