// Every error the API can answer with, in the DfE wire shapes. Thrown anywhere; rendered by
// src/plugins/errors.ts.

export interface ErrorItem {
  title: string;
  detail: string;
}

export abstract class ApiError extends Error {
  abstract readonly statusCode: number;
  abstract body(): unknown;
}

/** 400 `{"errors":[{"title","detail"}]}`. */
export class BadRequestError extends ApiError {
  readonly statusCode = 400;
  constructor(readonly detail: string, readonly title = 'Bad request') {
    super(detail);
  }
  body() {
    return { errors: [{ title: this.title, detail: this.detail }] };
  }
}

/** 422 with one item per attribute, in the order attributes first failed. */
export class UnprocessableError extends ApiError {
  readonly statusCode = 422;
  constructor(readonly errors: ErrorItem[]) {
    super(errors.map((e) => `${e.title}: ${e.detail}`).join('; '));
  }
  body() {
    return { errors: this.errors };
  }
}

/** 422 `Invalid action`: a state transition that is not allowed. */
export class InvalidActionError extends UnprocessableError {
  constructor(detail: string) {
    super([{ title: 'Invalid action', detail }]);
  }
}

export class NotFoundError extends ApiError {
  readonly statusCode = 404;
  constructor() {
    super('Resource not Found');
  }
  body() {
    return { error: 'Resource not Found' };
  }
}

export class UnauthorizedError extends ApiError {
  readonly statusCode = 401;
  constructor() {
    super('HTTP Token: Access denied');
  }
  body() {
    return { error: 'HTTP Token: Access denied' };
  }
}

/** A valid token that may not use this API: empty body. */
export class ForbiddenError extends ApiError {
  readonly statusCode = 403;
  constructor() {
    super('Forbidden');
  }
  body() {
    return '';
  }
}

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

  toError(): UnprocessableError {
    return new UnprocessableError(
      [...this.byAttribute].map(([title, messages]) => ({ title, detail: messages.join(', ') })),
    );
  }

  throwIfAny(): void {
    if (this.any) throw this.toError();
  }
}

// The exact 400 details the contract fixes.
export const messages = {
  missingData: 'correct json data structure required. See API docs for reference',
  filterNotHash: 'Filter must be a hash',
  pagination: "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid number (equal and more than 1)",
  updatedSince: "The filter '#/updated_since' must be a valid RCF3339 date",
  trainingStatus: `The filter '#/training_status' must be ["active", "deferred", "withdrawn"]`,
  requiredFilter: (name: string) => `The filter '#/${name}' must be included in your request`,
} as const;
