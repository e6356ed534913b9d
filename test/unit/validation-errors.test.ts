import t from 'tap';
import { Conflict, InvalidAction, InvalidRequest, NotFound, Validation, ValidationErrors } from '../../src/domain/shared/errors.ts';
import { domainFailure, validationFailure } from '../../src/plugins/errors.ts';
import { messages } from '../../src/errors.ts';

// Pure: how validation failures are collected and how every domain failure becomes its DfE answer.

await t.test('the collector keeps one item per attribute, in first-failure order, messages de-duplicated', async (t) => {
  const errors = new ValidationErrors();
  t.equal(errors.any, false);
  t.doesNotThrow(() => errors.throwIfAny());
  errors.add('declaration_date', 'Enter a date.').add('participant_id', 'Unknown.').add('declaration_date', 'Not in the future.');
  errors.add('declaration_date', 'Enter a date.');
  t.equal(errors.any, true);
  t.equal(errors.has('participant_id'), true);
  t.equal(errors.has('course_identifier'), false);
  t.same(errors.toError().items, [
    { attribute: 'declaration_date', detail: 'Enter a date., Not in the future.' },
    { attribute: 'participant_id', detail: 'Unknown.' },
  ]);
  const thrown = (() => {
    try {
      errors.throwIfAny();
    } catch (error) {
      return error;
    }
    return null;
  })();
  t.ok(thrown instanceof Validation, 'throwIfAny raises the Validation error');
});

await t.test('domain failures map to the DfE shapes', async (t) => {
  const validation = domainFailure(new ValidationErrors().add('base', 'Taken').add('base', 'Taken').add('cohort', 'Closed').toError());
  t.equal(validation.statusCode, 422);
  t.same(validation.body(), { errors: [{ title: 'base', detail: 'Taken' }, { title: 'cohort', detail: 'Closed' }] });

  const invalid = domainFailure(new InvalidAction('This declaration has already been voided.'));
  t.equal(invalid.statusCode, 422);
  t.same(invalid.body(), { errors: [{ title: 'Invalid action', detail: 'This declaration has already been voided.' }] });

  const missing = domainFailure(new NotFound('No declaration 123'));
  t.equal(missing.statusCode, 404);
  t.same(missing.body(), { error: 'Resource not Found' }, 'the admin-facing description never reaches the wire');

  t.equal(domainFailure(new Conflict('already registered')).statusCode, 422);
  const badRequest = domainFailure(new InvalidRequest('not a UUID'));
  t.equal(badRequest.statusCode, 400);
  t.same(badRequest.body(), { errors: [{ title: 'Bad request', detail: 'not a UUID' }] });
});

await t.test('Ajv failures become the DfE 400s', async (t) => {
  const issue = (instancePath: string, keyword = 'type', params: Record<string, unknown> = {}) => [{ instancePath, keyword, params }];
  const answer = (context: string | undefined, issues: ReturnType<typeof issue>) => {
    const error = validationFailure(context, issues);
    return { status: error.statusCode, body: error.body() };
  };
  const badRequest = (detail: string, title = 'Bad request') => ({ status: 400, body: { errors: [{ title, detail }] } });

  t.same(answer('body', issue('/data')), badRequest(messages.missingData));
  t.same(answer('params', issue('/id')), { status: 404, body: { error: 'Resource not Found' } });
  t.same(answer('querystring', issue('/page/per_page')), badRequest(messages.pagination));
  t.same(answer('querystring', issue('', 'required', { missingProperty: 'page' })), badRequest(messages.pagination));
  t.same(answer('querystring', issue('', 'required', { missingProperty: 'filter' })), badRequest(messages.requiredFilter('cohort'), 'Bad parameter'));
  t.same(answer('querystring', issue('/filter', 'required', { missingProperty: 'cohort' })), badRequest(messages.requiredFilter('cohort'), 'Bad parameter'));
  t.same(answer('querystring', issue('/filter')), badRequest(messages.filterNotHash, 'Bad parameter'));
  t.same(answer('querystring', issue('/filter/updated_since')), badRequest(messages.updatedSince));
  t.same(answer('querystring', issue('/filter/cohort/0')), badRequest("The filter '#/cohort' must be a single value", 'Bad parameter'));
  t.same(answer('querystring', issue('/sort')), badRequest("The '#/sort' parameter is invalid"));
});
