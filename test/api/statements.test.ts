// GET /api/v3/statements and /{id}: the provider's output statements, ordered by payment date,
// with their filters; show finds any of its statements.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { closeStatement, payStatement } from '../../src/domain/statements/payment-runs.ts';
import { filtersByUpdatedSince } from '../behaviours/updated-since.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { rejectsNonHashFilter } from '../behaviours/non-hash-filter.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { unknownIdIsNotFound } from '../behaviours/unknown-id.ts';
import { Fixtures } from './declarations-fixtures.ts';

const api = await buildTestApi(t);
const fx = new Fixtures(api, 's', 270000);
const prisma = fx.prisma;
const token = await api.tokenFor('Ambition Institute');
const ambition = await api.providerId('Ambition Institute');
const url = '/api/v3/statements';

type Item = { id: string; type: string; attributes: Record<string, unknown> };
const list = async (query = '') => (await fx.request('GET', `${url}?page[per_page]=3000${query}`, token)).body.data as Item[];

const someStatement = await fx.nextStatement('Ambition Institute', 2024);

await tokenAuthenticatedEndpoint(t, { api, url, token });
await tokenAuthenticatedEndpoint(t, { api, url: `${url}/${someStatement.id}`, token });
await paginatedEndpoint(t, { api, url, token }, { minimumItems: 20 });
await rejectsNonHashFilter(t, { api, url, token });
await unknownIdIsNotFound(t, { api, url: `${url}/:id`, token });
await filtersByUpdatedSince(t, { api, url, token }, {
  touch: async () => {
    const statement = await fx.nextStatement('Ambition Institute', 2025);
    await prisma.$transaction((db) => closeStatement(db, statement.id, new Date(), 'test', { force: true }));
    return statement.id;
  },
});

await t.test('only this provider\'s output statements, earliest payment first', async (t) => {
  const all = await list();
  const outputs = await prisma.statement.findMany({
    where: { leadProviderId: ambition, outputFee: true },
    include: { cohort: true },
    orderBy: [{ paymentDate: 'asc' }, { cohort: { startYear: 'asc' } }, { createdAt: 'asc' }, { id: 'asc' }],
  });
  t.same(all.map((item) => item.id), outputs.map((statement) => statement.id), 'every output statement, in payment-date order');
  const payments = all.map((item) => item.attributes.payment_date as string);
  t.same(payments, [...payments].sort(), 'payment_date ascending');
  const serviceOnly = await prisma.statement.findFirstOrThrow({ where: { leadProviderId: ambition, outputFee: false } });
  t.notOk(all.some((item) => item.id === serviceOnly.id), 'service-fee statements are not listed');
  const shown = await fx.request('GET', `${url}/${serviceOnly.id}`, token);
  t.equal(shown.status, 200, '...but can be shown');
  const theirs = await prisma.statement.findFirstOrThrow({ where: { leadProvider: { name: 'Capita' } } });
  t.equal((await fx.request('GET', `${url}/${theirs.id}`, token)).status, 404, 'another provider\'s statement is not found');
});

await t.test('attributes', async (t) => {
  const january = await prisma.statement.findFirstOrThrow({ where: { leadProviderId: ambition, cohort: { startYear: 2024 }, type: 'ecf', name: 'January 2027' } });
  const item = (await fx.request('GET', `${url}/${january.id}`, token)).body.data as Item;
  t.match(item, {
    id: january.id,
    type: 'statement',
    attributes: { month: 'January', year: '2027', type: 'ecf', cohort: '2024', cut_off_date: '2026-12-31', payment_date: '2027-01-25', paid: false },
  });
  t.match(item.attributes.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const old = await prisma.statement.findFirstOrThrow({ where: { leadProviderId: ambition, cohort: { startYear: 2021 }, type: 'ecf', name: 'November 2021' } });
  t.match((await fx.request('GET', `${url}/${old.id}`, token)).body.data.attributes, { paid: true, cut_off_date: '2021-11-30', payment_date: '2021-11-30' });

  const april = await prisma.statement.findFirstOrThrow({ where: { leadProviderId: ambition, cohort: { startYear: 2024 }, type: 'ecf', name: 'April 2027' } });
  await prisma.$transaction((db) => closeStatement(db, april.id, new Date(), 'test', { force: true }));
  t.equal((await fx.request('GET', `${url}/${april.id}`, token)).body.data.attributes.paid, false, 'payable is not paid');
  await prisma.$transaction((db) => payStatement(db, april.id, new Date(), 'test'));
  t.equal((await fx.request('GET', `${url}/${april.id}`, token)).body.data.attributes.paid, true, 'paid once paid');
});

await t.test('filters', async (t) => {
  const cohort2023 = await list('&filter[cohort]=2023&filter[type]=ecf');
  t.equal(cohort2023.length, 11, 'the 2023 cohort has 11 ECF output statements');
  const npq2023 = await list('&filter[cohort]=2023&filter[type]=npq');
  t.equal(npq2023.length, 38, 'and 38 NPQ ones, monthly from November 2023 to December 2026');
  t.ok(npq2023.every((item) => item.attributes.type === 'npq'));
  t.equal((await list('&filter[cohort]=2023')).length, 49, 'with no type, both');
  t.ok(cohort2023.every((item) => item.attributes.cohort === '2023'));
  const two = await list('&filter[cohort]=2023,2024');
  t.same(new Set(two.map((item) => item.attributes.cohort)), new Set(['2023', '2024']));
  t.same(await list('&filter[cohort]=1999'), []);
  t.equal((await list('&filter[type]=ecf')).length + (await list('&filter[type]=npq')).length, (await list()).length, 'every statement is ECF or NPQ');
  t.same(await list('&filter[type]=other'), [], 'any other type is none');
  const future = encodeURIComponent('2100-01-01T00:00:00Z');
  t.same(await list(`&filter[updated_since]=${future}`), []);
});
