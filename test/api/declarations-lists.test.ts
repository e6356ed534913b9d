// GET participant-declarations (list, show, CSV) in every version: the visible set (own
// declarations plus other providers' live ones for participants trained here), each version's
// filters, pagination and CSV.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { runScenario } from '../../prisma/seed/sandbox.ts';
import { participantsChanged } from '../../src/domain/participants/visibility.ts';
import { Fixtures, started } from './declarations-fixtures.ts';
import { filtersByUpdatedSince } from '../behaviours/updated-since.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { rejectsNonHashFilter } from '../behaviours/non-hash-filter.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { unknownIdIsNotFound } from '../behaviours/unknown-id.ts';

const api = await buildTestApi(t);
const fx = new Fixtures(api, 'l', 230000);
const prisma = fx.prisma;
const token = await api.tokenFor('Ambition Institute');
const nextToken = await api.tokenFor('Best Practice Network');
const strangerToken = await api.tokenFor('Capita');
const ambition = await api.providerId('Ambition Institute');

type Item = { id: string; attributes: Record<string, unknown> };
const list = async (url: string, as = token) => {
  const response = await fx.request('GET', url, as);
  t.equal(response.status, 200, url);
  return response.body.data as Item[];
};
const ids = (items: Item[]) => items.map((item) => item.id);

// Own declarations in two cohorts with different delivery partners.
const ect2024 = await fx.participant();
const ect2025 = await fx.participant({ cohort: 2025 });
const own2024 = (await fx.post('v3', token, started(ect2024))).body.data as Item;
const own2024Retained = (await fx.post('v3', token, { ...started(ect2024), declaration_type: 'retained-1', declaration_date: '2025-02-01T10:00:00Z', evidence_held: 'other' })).body.data as Item;
const own2025 = (await fx.post('v3', token, { ...started(ect2025), declaration_date: '2025-10-01T10:00:00Z' })).body.data as Item;
const ownVoided = (await fx.void('v3', token, (await fx.post('v3', token, started(await fx.participant()))).body.data.id)).body.data as Item;

// An ECT who left this provider's school (record leaving, ended 1 March 2025) for a school of
// Best Practice Network, which now trains them.
const transfer = await runScenario(prisma, { scenario: 'transfer-to-other-provider', leadProviderId: ambition, cohortStartYear: 2024, now: new Date(), names: fx.names });
const mover = { userId: transfer.ect! };
const leavingRecord = await prisma.inductionRecord.findFirstOrThrow({
  where: { profile: { userId: mover.userId }, inductionStatus: 'leaving' },
});
await prisma.inductionRecord.update({ where: { id: leavingRecord.id }, data: { endDate: new Date('2025-03-01T00:00:00Z') } });
await participantsChanged(prisma, [mover.userId], new Date());
const oursForMover = (await fx.post('v3', token, started(mover))).body.data as Item;
const theirsBeforeLeaving = (await fx.post('v3', nextToken, { ...started(mover), declaration_type: 'retained-1', declaration_date: '2025-02-01T10:00:00Z', evidence_held: 'other' })).body.data as Item;
const theirsAfterLeaving = (await fx.post('v3', nextToken, { ...started(mover), declaration_type: 'retained-2', declaration_date: '2025-05-01T10:00:00Z', evidence_held: 'other' })).body.data as Item;
const theirsVoided = (await fx.post('v3', nextToken, { ...started(mover), declaration_type: 'retained-3', declaration_date: '2025-09-01T10:00:00Z', evidence_held: 'other' })).body.data as Item;
await fx.void('v3', nextToken, theirsVoided.id);

for (const version of ['v1', 'v2', 'v3'] as const) {
  await t.test(`${version} declarations`, async (t) => {
    const url = `/api/${version}/participant-declarations`;
    await tokenAuthenticatedEndpoint(t, { api, url, token });
    await tokenAuthenticatedEndpoint(t, { api, url: `${url}/${own2024.id}`, token });
    await tokenAuthenticatedEndpoint(t, { api, url: `${url}/${own2024.id}/void`, method: 'PUT', token });
    await paginatedEndpoint(t, { api, url, token }, { minimumItems: 5 });
    await rejectsNonHashFilter(t, { api, url, token });
    await unknownIdIsNotFound(t, { api, url: `${url}/:id`, token });
    await unknownIdIsNotFound(t, { api, url: `${url}/:id/void`, method: 'PUT', token });
    await filtersByUpdatedSince(t, { api, url, token }, {
      touch: async () => (await fx.void(version, token, (await fx.post(version, token, started(await fx.participant()))).body.data.id)).body.data.id,
    });

    await t.test('own declarations in every state, oldest first', async (t) => {
      const all = await list(`${url}?page[per_page]=3000`);
      for (const own of [own2024, own2024Retained, own2025, ownVoided, oursForMover]) t.ok(ids(all).includes(own.id), `own ${own.attributes.declaration_type}`);
      const created = await prisma.participantDeclaration.findMany({ where: { id: { in: ids(all) } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      t.same(ids(all), created.map((row) => row.id), 'ordered by created_at');
      t.equal(all.find((item) => item.id === ownVoided.id)!.attributes.state, 'voided');
      const shown = (await fx.show(version, token, own2024.id)).body.data as Item;
      t.same(shown, all.find((item) => item.id === own2024.id), 'show agrees with the list');
    });

    await t.test('other providers\' live declarations for participants trained here', async (t) => {
      const theirs = ids(await list(`${url}?page[per_page]=3000`, nextToken));
      t.ok(theirs.includes(oursForMover.id), 'the new provider sees the old provider\'s declaration');
      t.equal((await fx.show(version, nextToken, oursForMover.id)).status, 200);
      t.equal((await fx.void(version, nextToken, oursForMover.id)).status, 404, 'but cannot void it');

      const ours = ids(await list(`${url}?page[per_page]=3000`));
      t.notOk(ours.includes(theirsVoided.id), 'never their voided ones');
      t.notOk(ours.includes(theirsAfterLeaving.id), 'not those dated after the leaving record ended');
      if (version === 'v3') {
        t.ok(ours.includes(theirsBeforeLeaving.id), 'v3: those dated up to the end of a leaving record');
        t.equal((await fx.show(version, token, theirsBeforeLeaving.id)).status, 200);
      } else {
        t.notOk(ours.includes(theirsBeforeLeaving.id), `${version}: only for active or completed records`);
        t.equal((await fx.show(version, token, theirsBeforeLeaving.id)).status, 404);
      }
      t.equal((await fx.show(version, strangerToken, own2024.id)).status, 404, 'an unrelated provider sees nothing');
      t.same(await list(`${url}?filter[participant_id]=${ect2024.userId}`, strangerToken), []);
    });

    await t.test('filters', async (t) => {
      const forEct = await list(`${url}?filter[participant_id]=${ect2024.userId}`);
      t.same(ids(forEct), [own2024.id, own2024Retained.id], 'by participant');
      t.same(await list(`${url}?filter[participant_id]=nonsense`), [], 'a malformed participant id matches nothing');
      const row = await prisma.participantDeclaration.findUniqueOrThrow({ where: { id: own2024Retained.id } });
      const exactly = encodeURIComponent(row.updatedAt.toISOString());
      const atUpdate = ids(await list(`${url}?filter[participant_id]=${ect2024.userId}&filter[updated_since]=${exactly}`));
      if (version === 'v3') {
        t.ok(atUpdate.includes(own2024Retained.id), 'v3: updated_since is inclusive');
        const both = await list(`${url}?filter[participant_id]=${ect2024.userId},${ect2025.userId}`);
        t.same(ids(both), [own2024.id, own2024Retained.id, own2025.id], 'a list of participants');
        t.same(ids(await list(`${url}?filter[cohort]=2025&filter[participant_id]=${ect2024.userId},${ect2025.userId}`)), [own2025.id], 'by the declaration\'s cohort');
        t.same(await list(`${url}?filter[cohort]=1999`), [], 'an unknown cohort matches nothing');
        const byPartner = await list(`${url}?filter[delivery_partner_id]=${ect2025.deliveryPartnerId}&page[per_page]=3000`);
        t.same(ids(byPartner), [own2025.id], 'by delivery partner');
        t.equal(byPartner[0]!.attributes.delivery_partner_id, ect2025.deliveryPartnerId);
      } else {
        t.notOk(atUpdate.includes(own2024Retained.id), `${version}: updated_since is strictly after`);
        const several = await list(`${url}?filter[participant_id]=${ect2024.userId},${ect2025.userId}`);
        t.same(several, [], `${version}: participant_id is one id`);
        t.ok((await list(`${url}?filter[cohort]=2025&page[per_page]=3000`)).length > 1, `${version}: no cohort filter`);
      }
    });

    if (version !== 'v3') {
      await t.test('CSV export', async (t) => {
        const csvUrl = `/api/${version}/participant-declarations.csv`;
        await tokenAuthenticatedEndpoint(t, { api, url: csvUrl, token });
        await rejectsNonHashFilter(t, { api, url: csvUrl, token });
        const csv = await api.request({ method: 'GET', url: `${csvUrl}?filter[participant_id]=${ect2024.userId}`, token });
        t.equal(csv.statusCode, 200);
        t.equal(csv.headers['content-type'], 'text/csv');
        const [header, ...rows] = csv.body.trim().split('\n');
        t.equal(
          header,
          version === 'v1'
            ? 'id,participant_id,declaration_type,course_identifier,eligible_for_payment,declaration_date,updated_at,voided,state,has_passed'
            : 'id,participant_id,declaration_type,course_identifier,declaration_date,updated_at,state,has_passed',
        );
        const json = await list(`${url}?filter[participant_id]=${ect2024.userId}`);
        t.same(rows, json.map((item) => [item.id, ...Object.values(item.attributes).map((value) => (value === null ? '' : String(value)))].join(',')), 'rows are the JSON values');
        const everything = await api.request({ method: 'GET', url: csvUrl, token });
        t.equal(everything.body.trim().split('\n').length - 1, (await list(`${url}?page[per_page]=3000`)).length, 'no pagination: every visible declaration');
        const none = await api.request({ method: 'GET', url: `${csvUrl}?filter[participant_id]=${crypto.randomUUID()}`, token });
        t.equal(none.body, '', 'no rows is an empty body');
      });
    }
  });
}

await t.test('CSV exports stream in keyset batches: every row once, in list order', async (t) => {
  const { streamDeclarations, listDeclarations } = await import('../../src/domain/declarations/query.ts');
  const scope = { leadProviderId: ambition, others: 'active-or-completed' as const };
  const streamed: string[] = [];
  for await (const batch of streamDeclarations(fx.api.database.reader, scope, {}, 2)) streamed.push(...batch.map((view) => view.id));
  const listed = await listDeclarations(fx.api.database.reader, scope, {}, { limit: 3000, offset: 0 });
  t.ok(streamed.length > 4, `several batches (${streamed.length} rows)`);
  t.same(streamed, listed.map((view) => view.id));
});
