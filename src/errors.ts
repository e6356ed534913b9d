// Every error the API can answer with, in the DfE wire shapes. Thrown by the API layer and the
// plugins (the domain raises src/domain/shared/errors.ts instead); rendered by src/plugins/errors.ts.

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

/** 403 with an empty body: the token is valid, but its provider does not take part in this product line. */
export class ForbiddenError extends ApiError {
  readonly statusCode = 403;
  constructor() {
    super('Forbidden');
  }
  body() {
    return '';
  }
}

// The exact 400 details the contract fixes.
export const messages = {
  missingData: 'correct json data structure required. See API docs for reference',
  filterNotHash: 'Filter must be a hash',
  pagination: "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid number (equal and more than 1)",
  updatedSince: "The filter '#/updated_since' must be a valid RCF3339 date",
  createdSince: "The filter '#/created_since' must be a valid RCF3339 date",
  trainingStatus: `The filter '#/training_status' must be ["active", "deferred", "withdrawn"]`,
  requiredFilter: (name: string) => `The filter '#/${name}' must be included in your request`,
} as const;
