// The failures the domain reports, free of any transport: the API (src/plugins/errors.ts) and the
// admin CLI (src/admin/run.ts) each turn them into their own output in one place.

/** Every failure the domain reports on purpose. */
export abstract class DomainError extends Error {}

/** The thing asked about does not exist, or is not the caller's to see. */
export class NotFound extends DomainError {
  constructor(what = 'Resource not found') {
    super(what);
  }
}

/** A state transition that is not allowed. */
export class InvalidAction extends DomainError {
  constructor(readonly detail: string) {
    super(detail);
  }
}

export interface ValidationItem {
  attribute: string;
  detail: string;
}

/** Input that breaks the rules: one item per attribute, in the order attributes first failed. */
export class Validation extends DomainError {
  constructor(readonly items: ValidationItem[]) {
    super(items.map((item) => `${item.attribute}: ${item.detail}`).join('; '));
  }
}

/** The request clashes with what is already recorded (already registered, already done). */
export class Conflict extends DomainError {}

/** A command that cannot be carried out as given (malformed input, missing set-up). */
export class InvalidRequest extends DomainError {}

/**
 * Collects validation failures per attribute: several messages on one attribute are
 * de-duplicated and joined with ", " (one item per attribute, as the DfE service answers).
 */
export class ValidationErrors {
  private readonly byAttribute = new Map<string, string[]>();

  add(attribute: string, message: string): this {
    const messages = this.byAttribute.get(attribute) ?? [];
    if (!messages.includes(message)) messages.push(message);
    this.byAttribute.set(attribute, messages);
    return this;
  }

  has(attribute?: string): boolean {
    return attribute === undefined ? this.byAttribute.size > 0 : this.byAttribute.has(attribute);
  }

  get any(): boolean {
    return this.byAttribute.size > 0;
  }

  toError(): Validation {
    return new Validation([...this.byAttribute].map(([attribute, messages]) => ({ attribute, detail: messages.join(', ') })));
  }

  throwIfAny(): void {
    if (this.any) throw this.toError();
  }
}
