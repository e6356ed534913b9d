import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, BadRequestError, InvalidActionError, NotFoundError, UnprocessableError, messages } from '../errors.ts';
import { Conflict, DomainError, InvalidAction, InvalidRequest, NotFound, Validation } from '../domain/shared/errors.ts';

// Sent without a charset, as the DfE service does (reply.type() would add one).
export const JSON_API = 'application/vnd.api+json';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns an Ajv failure into the 400 the DfE service gives for the same mistake. */
export function validationFailure(context: string | undefined, issues: AjvIssue[]): ApiError {
  const issue = issues[0]!;
  if (context === 'body') return new BadRequestError(messages.missingData);
  if (context === 'params') return new NotFoundError();
  const path = issue.instancePath;
  const missing = issue.keyword === 'required' ? String(issue.params.missingProperty ?? '') : '';
  if (path.startsWith('/page') || missing === 'page') return new BadRequestError(messages.pagination);
  if (path === '' && missing === 'filter') return new BadRequestError(messages.requiredFilter('cohort'), 'Bad parameter');
  if (path === '/filter' && issue.keyword === 'required') {
    return new BadRequestError(messages.requiredFilter(missing), 'Bad parameter');
  }
  if (path === '/filter') return new BadRequestError(messages.filterNotHash, 'Bad parameter');
  if (path === '/filter/updated_since') return new BadRequestError(messages.updatedSince);
  if (path.startsWith('/filter/')) {
    const name = path.slice('/filter/'.length).split('/')[0];
    return new BadRequestError(`The filter '#/${name}' must be a single value`, 'Bad parameter');
  }
  const name = path.slice(1).split('/')[0] || missing || 'query';
  return new BadRequestError(`The '#/${name}' parameter is invalid`);
}

/** The one place a domain failure becomes its DfE answer. */
export function domainFailure(error: DomainError): ApiError {
  if (error instanceof NotFound) return new NotFoundError();
  if (error instanceof InvalidAction) return new InvalidActionError(error.detail);
  if (error instanceof Validation) return new UnprocessableError(error.items.map((item) => ({ title: item.attribute, detail: item.detail })));
  if (error instanceof Conflict) return new UnprocessableError([{ title: 'Conflict', detail: error.message }]);
  if (error instanceof InvalidRequest) return new BadRequestError(error.message);
  return new BadRequestError(error.message);
}

function render(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.statusCode === 401) reply.header('www-authenticate', 'Token realm="Application"');
  const body = error.body();
  reply.code(error.statusCode).header('content-type', JSON_API);
  return body === '' ? reply.send() : reply.send(JSON.stringify(body));
}

function toApiError(error: FastifyError & { validation?: AjvIssue[]; validationContext?: string }): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) return domainFailure(error);
  if (error.validation) return validationFailure(error.validationContext, error.validation);
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new BadRequestError(messages.missingData);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new BadRequestError('The request body is too large');
    default:
      break;
  }
  if (error.name === 'SyntaxError' && error.statusCode === 400) return new BadRequestError(messages.missingData);
  return null;
}

async function errorsPlugin(app: FastifyInstance) {
  // Request bodies in any of the JSON media types the DfE service accepts.
  app.addContentTypeParser([JSON_API, 'text/x-json'], { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  // Only so a CSV body is read (and refused as "no data") rather than answered 415.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // Fastify appends "; charset=utf-8" to JSON media types; the DfE service sends none.
  app.addHook('onSend', async (_request, reply, payload) => {
    const contentType = reply.getHeader('content-type');
    if (typeof contentType === 'string' && contentType.startsWith(`${JSON_API};`)) reply.header('content-type', JSON_API);
    return payload;
  });

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.statusCode === 429) {
      return reply.code(429).header('content-type', 'text/plain').send('Retry later\n');
    }
    const apiError = toApiError(error as FastifyError & { validation?: AjvIssue[] });
    if (apiError) {
      if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return render(reply, apiError);
    }
    if (error.statusCode && error.statusCode < 500 && error.statusCode !== 404 && error.statusCode !== 414) {
      request.log.info({ err: error }, 'client error');
      return render(reply, new BadRequestError(messages.missingData));
    }
    if (error.statusCode === 404 || error.statusCode === 414) return render(reply, new NotFoundError());
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).header('content-type', JSON_API).send(JSON.stringify({ error: 'Internal server error' }));
  });

  // Unknown routes and wrong verbs: the DfE service answers 404, never 405.
  app.setNotFoundHandler((_request, reply) => render(reply, new NotFoundError()));
}

export default fp(errorsPlugin, { name: 'errors' });
