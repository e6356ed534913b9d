// The benchmark's data set at a small size: the rows keep the app's invariants, and the API serves
// them with spec-valid bodies (every body here is checked against its version's spec) and the
// counts the seed made.
import t from 'tap';
import { buildTestApi, freshDatabase } from '../helpers/app.ts';
import { seedAtScale } from '../../scripts/scale-seed.ts';

const SIZE = { participants: 700, declarations: 3500, seed: 7 };

async function rows<T>(api: { database: { prisma: { $queryRawUnsafe: (sql: string, ...values: unknown[]) => Promise<unknown> } } }, sql: string, ...values: unknown[]): Promise<T[]> {
  return (await api.database.prisma.$queryRawUnsafe(sql, ...values)) as T[];
}

await t.test('the scale seed at a small size', async (t) => {
  const database = await freshDatabase(t);
  const providers = await seedAtScale(database.prisma, SIZE);
  const api = await buildTestApi(t, {}, database);
  const largest = providers[0]!;

  await t.test('makes the shape it promises', async (t) => {
    t.equal(providers.length, 7);
    t.equal(providers.reduce((sum, p) => sum + p.size, 0), SIZE.participants);
    t.ok(providers.every((p, i) => i === 0 || p.size <= providers[i - 1]!.size), 'largest first');
    const [counts] = await rows<Record<string, bigint>>(api, `
      SELECT (SELECT count(*) FROM users) AS users,
             (SELECT count(*) FROM participant_declarations WHERE profile_type <> 'npq') AS declarations,
             (SELECT count(DISTINCT c.start_year) FROM participant_profiles pp JOIN schedules s ON s.id = pp.schedule_id JOIN cohorts c ON c.id = s.cohort_id) AS cohorts,
             (SELECT count(DISTINCT schedule_id) FROM participant_profiles) AS schedules,
             (SELECT count(DISTINCT state) FROM participant_declarations) AS states,
             (SELECT count(DISTINCT training_status) FROM induction_records) AS training_statuses,
             (SELECT count(DISTINCT induction_status) FROM induction_records) AS induction_statuses,
             (SELECT count(*) FROM induction_records WHERE school_transfer) AS transfers,
             (SELECT count(*) FROM participant_id_changes) AS id_changes,
             (SELECT count(*) FROM partnerships WHERE challenged_at IS NOT NULL) AS challenged`);
    t.equal(Number(counts!.users), SIZE.participants);
    const declarations = Number(counts!.declarations);
    t.ok(declarations > SIZE.declarations * 0.8 && declarations < SIZE.declarations * 1.2, `${declarations} declarations, close to ${SIZE.declarations}`);
    t.equal(Number(counts!.cohorts), 5, 'cohorts 2021 to 2025');
    t.ok(Number(counts!.schedules) >= 20, 'several schedules per cohort');
    t.equal(Number(counts!.states), 8, 'every declaration state');
    t.equal(Number(counts!.training_statuses), 3, 'every training status');
    t.ok(Number(counts!.induction_statuses) >= 4, 'active, withdrawn, completed and leaving records');
    t.ok(Number(counts!.transfers) > 0, 'transfers');
    t.ok(Number(counts!.id_changes) > 0, 'id changes');
    t.ok(Number(counts!.challenged) > 0, 'challenged partnerships');
  });

  await t.test('makes NPQ applications, enrolments, declarations and outcomes', async (t) => {
    const [npq] = await rows<Record<string, bigint>>(api, `
      SELECT (SELECT count(DISTINCT status) FROM npq_applications) AS application_statuses,
             (SELECT count(*) FROM npq_participant_profiles) AS enrolments,
             (SELECT count(DISTINCT training_status) FROM npq_participant_profiles) AS training_statuses,
             (SELECT count(DISTINCT state) FROM participant_declarations WHERE profile_type = 'npq') AS declaration_states,
             (SELECT count(DISTINCT state) FROM npq_participant_outcomes) AS outcome_states,
             (SELECT count(*) FROM npq_applications a WHERE a.status = 'accepted') - (SELECT count(*) FROM npq_participant_profiles) AS accepted_without_enrolment`);
    t.equal(Number(npq!.application_statuses), 3, 'pending, accepted and rejected applications');
    t.ok(Number(npq!.enrolments) > SIZE.participants * 0.15, `${npq!.enrolments} enrolments`);
    t.ok(Number(npq!.training_statuses) >= 2, 'enrolments in several training statuses');
    t.ok(Number(npq!.declaration_states) >= 5, `${npq!.declaration_states} NPQ declaration states`);
    t.equal(Number(npq!.outcome_states), 3, 'passed, failed and voided outcomes');
    t.equal(Number(npq!.accepted_without_enrolment), 0, 'every accepted application is an enrolment');
    const token = await api.tokenFor(largest.name);
    for (const url of ['/api/v3/npq-applications?page[per_page]=3000', '/api/v3/participants/npq?page[per_page]=3000', '/api/v1/participants/npq/outcomes?page[per_page]=3000']) {
      const response = await api.request({ method: 'GET', url, token });
      t.equal(response.statusCode, 200, url);
      t.ok(response.json().data.length > 0, `${url}: listed`);
    }
  });

  await t.test('keeps the invariants the app relies on', async (t) => {
    const [check] = await rows<Record<string, bigint>>(api, `
      SELECT (SELECT count(*) FROM participant_declarations
               WHERE (state IN ('submitted', 'eligible', 'payable', 'paid')) <> (billable_slot IS NOT NULL)
                  OR billable_slot <> user_id::text || '|' || course_identifier || '|' || declaration_type) AS bad_slots,
             (SELECT count(*) FROM participant_declarations d
               WHERE (SELECT h.state FROM declaration_state_changes h WHERE h.participant_declaration_id = d.id ORDER BY h.created_at DESC, h.from_state NULLS FIRST LIMIT 1)
                     IS DISTINCT FROM d.state) AS bad_history,
             (SELECT count(*) FROM participant_declarations d
               WHERE (d.state = 'submitted') = EXISTS (SELECT 1 FROM statement_line_items l WHERE l.participant_declaration_id = d.id)) AS bad_lines,
             (SELECT count(*) FROM participant_declarations d JOIN participant_profiles pp ON pp.id = d.participant_profile_id
               WHERE pp.user_id <> d.user_id OR pp.profile_type <> d.profile_type) AS bad_owners,
             (SELECT count(*) FROM participant_profiles pp
               WHERE NOT EXISTS (SELECT 1 FROM induction_records ir WHERE ir.participant_profile_id = pp.id)) AS without_records,
             (SELECT count(*) FROM statement_line_items l JOIN participant_declarations d ON d.id = l.participant_declaration_id
                JOIN statements s ON s.id = l.statement_id
               WHERE (d.profile_type = 'npq') <> (s.statement_type = 'npq')) AS lines_on_another_product_lines_statement`);
    for (const [name, value] of Object.entries(check!)) t.equal(Number(value), 0, name);
    // The seed's participant_visibility is what the app's own rebuild makes.
    const before = await rows<{ digest: string }>(api, `SELECT md5(string_agg(v::text, ',' ORDER BY lead_provider_id, participant_profile_id)) AS digest FROM participant_visibility v`);
    const { rebuildVisibility } = await import('../../src/domain/participants/visibility.ts');
    await rebuildVisibility(database.prisma);
    const after = await rows<{ digest: string }>(api, `SELECT md5(string_agg(v::text, ',' ORDER BY lead_provider_id, participant_profile_id)) AS digest FROM participant_visibility v`);
    t.equal(after[0]!.digest, before[0]!.digest);
    // So are the declaration shares, built once after the load rather than by its triggers.
    const sharesDigest = `SELECT count(*) AS n, md5(string_agg(s::text, ',' ORDER BY lead_provider_id, participant_declaration_id)) AS digest FROM declaration_shares s`;
    const [sharesBefore] = await rows<{ n: bigint; digest: string }>(api, sharesDigest);
    await database.prisma.$executeRawUnsafe('SELECT rebuild_declaration_shares()');
    t.same(await rows(api, sharesDigest), [sharesBefore], 'the declaration shares equal a rebuild');
    const [triggers] = await rows<{ disabled: bigint }>(api, `SELECT count(*) AS disabled FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`);
    t.equal(Number(triggers!.disabled), 0, 'every read-model trigger is back on');
  });

  await t.test('is served by the API with the counts it made', async (t) => {
    const token = await api.tokenFor(largest.name);
    const [visible] = await rows<{ n: bigint }>(api, `SELECT count(DISTINCT user_id) AS n FROM participant_visibility WHERE lead_provider_id = $1::uuid`, largest.leadProviderId);
    const [own] = await rows<{ n: bigint }>(api, `SELECT count(*) AS n FROM participant_declarations WHERE lead_provider_id = $1::uuid`, largest.leadProviderId);
    // Its own participants, less those under a challenged partnership, plus those who moved in.
    t.ok(Number(visible!.n) > largest.size * 0.8, `${visible!.n} visible of ${largest.size}`);

    for (const version of ['v1', 'v2', 'v3']) {
      const participants = await api.request({ method: 'GET', url: `/api/${version}/participants/ecf?page[per_page]=3000`, token });
      t.equal(participants.statusCode, 200);
      t.equal(participants.json().data.length, Number(visible!.n), `${version} participants`);
      const declarations = await api.request({ method: 'GET', url: `/api/${version}/participant-declarations?page[per_page]=3000`, token });
      t.equal(declarations.statusCode, 200);
      // Its own declarations, and other providers' live ones for participants it now trains.
      t.ok(declarations.json().data.length >= Number(own!.n), `${version} declarations`);
    }
    const csv = await api.request({ method: 'GET', url: '/api/v1/participants/ecf.csv', token });
    t.equal(csv.statusCode, 200);
    t.equal(csv.body.trim().split('\n').length - 1, Number(visible!.n), 'CSV rows');
    const page2 = await api.request({ method: 'GET', url: '/api/v3/participants/ecf?page[per_page]=100&page[page]=2', token });
    t.equal(page2.json().data.length, Math.min(100, Number(visible!.n) - 100), 'page 2');

    // Transferred participants left a school of the next provider: that provider's transfers list shows them.
    const left = providers[1]!;
    const transfers = await api.request({ method: 'GET', url: '/api/v3/participants/ecf/transfers', token: await api.tokenFor(left.name) });
    t.equal(transfers.statusCode, 200);
    t.ok(transfers.json().data.length > 0, 'transfers are listed');
  });
});

await t.test('the same seed number gives the same rows', async (t) => {
  const database = await freshDatabase(t);
  const digest = async (seed: number) => {
    // Everything the seed wrote hangs off these tables.
    await database.prisma.$executeRawUnsafe(`TRUNCATE users, schools, delivery_partners CASCADE`);
    await seedAtScale(database.prisma, { participants: 80, declarations: 300, seed });
    const [row] = (await database.prisma.$queryRawUnsafe(
      `SELECT md5(string_agg(id::text || state::text || declaration_date::text, ',' ORDER BY id)) AS digest FROM participant_declarations`,
    )) as { digest: string }[];
    return row!.digest;
  };
  const first = await digest(3);
  t.equal(await digest(3), first);
  t.not(await digest(4), first, 'another seed, other rows');
});
