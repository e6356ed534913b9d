// The compatibility gate on small specs: each kind of break is named, and pure additions pass.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { breakingChanges } from '../../scripts/spec-compat.ts';
import { API_VERSIONS, specDocument } from '../../src/api/specs.ts';

type Spec = {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any>; parameters: Record<string, any> };
};

/** One list operation with a query parameter, a write with a $ref'd body, and $ref'd response schemas. */
function baseline(): Spec {
  return {
    paths: {
      '/api/v9/things': {
        get: {
          parameters: [{ $ref: '#/components/parameters/Cohort' }, { in: 'query', name: 'page', schema: { type: 'integer', minimum: 1 } }],
          responses: {
            '200': { content: { 'application/json': { schema: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } } } } },
            '401': { content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } } } } } },
          },
        },
        post: {
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingInput' } } } },
          responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
        },
      },
      '/api/v9/things/{id}': {
        parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string', format: 'uuid' } }],
        get: { responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } },
      },
    },
    components: {
      parameters: { Cohort: { in: 'query', name: 'cohort', schema: { type: 'string' } } },
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', 'state'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            state: { type: 'string', enum: ['active', 'withdrawn'] },
            count: { type: 'integer' },
            updated_at: { type: 'string', format: 'date-time' },
            parent: { $ref: '#/components/schemas/Thing' },
          },
        },
        ThingInput: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', maxLength: 100 }, kind: { type: 'string', enum: ['a', 'b'] }, note: { type: 'string', nullable: true } },
        },
      },
    },
  };
}

/** A change to the Thing schema, named at each of the three responses that carry a Thing. */
const inEveryThing = (at: string, what: string) => [
  `GET /api/v9/things response 200 application/json.data[]${at}: ${what}`,
  `POST /api/v9/things response 200 application/json${at}: ${what}`,
  `GET /api/v9/things/{id} response 200 application/json${at}: ${what}`,
];

function changed(edit: (spec: Spec) => void): string[] {
  const spec = baseline();
  edit(spec);
  return breakingChanges(baseline(), spec);
}

t.same(breakingChanges(baseline(), baseline()), [], 'an unchanged spec passes');

t.same(
  changed((spec) => {
    spec.paths['/api/v9/others'] = { get: { responses: { '200': { description: 'new' } } } };
    spec.paths['/api/v9/things/{id}']!.put = { responses: { '200': { description: 'new' } } };
    spec.paths['/api/v9/things']!.get.parameters.push({ in: 'query', name: 'sort', schema: { type: 'string' } });
    spec.paths['/api/v9/things']!.get.responses['400'] = { description: 'new' };
    spec.components.schemas.Thing.properties.colour = { type: 'string' };
    spec.components.schemas.Thing.properties.state.enum.push('deferred');
    spec.components.schemas.ThingInput.properties.colour = { type: 'string' };
    spec.components.schemas.ThingInput.properties.kind.enum.push('c');
    spec.components.schemas.ThingInput.properties.name.maxLength = 200;
    spec.components.schemas.ThingInput.required = [];
    spec.components.schemas.Thing.properties.count.deprecated = true;
    spec.components.schemas.Thing.description = 'reworded';
  }),
  [],
  'additions pass: a path, an operation, an optional parameter, a response, attributes, request fields, enum values, a looser bound, an optional field, deprecation, descriptions',
);

const cases: Array<[string, (spec: Spec) => void, string[]]> = [
  ['a removed path', (spec) => delete spec.paths['/api/v9/things/{id}'], ['/api/v9/things/{id}: path removed']],
  ['a removed operation', (spec) => delete spec.paths['/api/v9/things']!.post, ['POST /api/v9/things: operation removed']],
  ['a removed response attribute', (spec) => delete spec.components.schemas.Thing.properties.count, inEveryThing('', 'attribute count removed')],
  ['a removed enum value', (spec) => (spec.components.schemas.ThingInput.properties.kind.enum = ['a']), ['POST /api/v9/things request body application/json.kind: enum value "b" removed']],
  ['a removed response enum value', (spec) => (spec.components.schemas.Thing.properties.state.enum = ['active']), inEveryThing('.state', 'enum value "withdrawn" removed')],
  ['a new required request field', (spec) => spec.components.schemas.ThingInput.required.push('kind'), ['POST /api/v9/things request body application/json: request field kind is now required']],
  ['a new required parameter', (spec) => spec.paths['/api/v9/things']!.get.parameters.push({ in: 'query', name: 'sort', required: true, schema: { type: 'string' } }), ['GET /api/v9/things: new required query parameter sort']],
  ['an optional parameter made required', (spec) => (spec.components.parameters.Cohort.required = true), ['GET /api/v9/things: query parameter cohort is now required']],
  ['a removed parameter', (spec) => spec.paths['/api/v9/things']!.get.parameters.shift(), ['GET /api/v9/things: query parameter cohort removed']],
  ['a narrowed parameter type', (spec) => (spec.components.parameters.Cohort.schema = { type: 'integer' }), ['GET /api/v9/things query parameter cohort: type changed from string to integer']],
  ['a changed response type', (spec) => (spec.components.schemas.Thing.properties.count = { type: 'string' }), inEveryThing('.count', 'type changed from integer to string')],
  ['a changed format', (spec) => (spec.components.schemas.Thing.properties.updated_at.format = 'date'), inEveryThing('.updated_at', 'format changed from date-time to date')],
  ['a tighter request bound', (spec) => (spec.components.schemas.ThingInput.properties.name.maxLength = 10), ['POST /api/v9/things request body application/json.name: maxLength lowered to 10']],
  ['a request field no longer nullable', (spec) => delete spec.components.schemas.ThingInput.properties.note.nullable, ['POST /api/v9/things request body application/json.note: no longer accepts null']],
  ['a response attribute made nullable', (spec) => (spec.components.schemas.Thing.properties.count.nullable = true), inEveryThing('.count', 'may now be null')],
  ['a required attribute made optional', (spec) => (spec.components.schemas.Thing.required = ['id']), inEveryThing('', 'attribute state no longer always present')],
  ['a removed response', (spec) => delete spec.paths['/api/v9/things']!.get.responses['401'], ['GET /api/v9/things: response 401 removed']],
  ['a removed media type', (spec) => (spec.paths['/api/v9/things']!.post.requestBody.content = { 'text/csv': { schema: { type: 'string' } } }), ['POST /api/v9/things request body: media type application/json removed']],
  ['an array made a string', (spec) => (spec.paths['/api/v9/things']!.get.responses['200'].content['application/json'].schema.properties.data = { type: 'string' }), ['GET /api/v9/things response 200 application/json.data: type changed from array to string']],
];

for (const [kind, edit, expected] of cases) {
  t.same(changed(edit), expected, `${kind} is named`);
}

await t.test('the real specs', async (t) => {
  for (const version of API_VERSIONS) {
    const published = parse(readFileSync(new URL(`../../specs/published/${version}.yaml`, import.meta.url), 'utf8')) as object;
    t.same(breakingChanges(published, specDocument(version)), [], `specs/${version}.yaml is compatible with its published baseline`);
  }
  // A deliberate break in the real v3 spec: one enum value gone from every schema that lists it.
  const broken = specDocument('v3') as Record<string, any>;
  let removed = 0;
  const strip = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node.enum) && node.enum.includes('withdrawn')) {
      node.enum = node.enum.filter((value: unknown) => value !== 'withdrawn');
      removed++;
    }
    Object.values(node).forEach(strip);
  };
  strip(broken.components);
  t.ok(removed > 0, 'the v3 spec lists "withdrawn" somewhere');
  const breaks = breakingChanges(specDocument('v3'), broken);
  t.ok(breaks.length > 0 && breaks.every((line) => line.endsWith('enum value "withdrawn" removed')), `the gate names the break (${breaks.length} places, e.g. ${breaks[0]})`);
});
