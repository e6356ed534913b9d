// The set-based SQL of the scale seed. Everything is derived from a participant's global number g
// and the seed: ids are md5 of (seed, kind, number) read as a uuid, and every choice (cohort,
// schedule, statuses, transfers, id changes, how many declarations and in which state) is a
// hashtextextended() of the number with the seed, so one seed always gives the same rows.

export interface ScaleOptions {
  /** Participants over all seven providers. */
  participants: number;
  /** Declarations wanted over all providers (the seed lands close to it, not on it). */
  declarations: number;
  seed: number;
}

export interface Step {
  label: string;
  statements: string[];
}

export const PARTICIPANTS_PER_SCHOOL = 100;

/** Each provider's share of the participants, largest first (the largest ~30%). */
const PROVIDER_SHARES = [0.3, 0.2, 0.15, 0.12, 0.1, 0.08, 0.05];

export interface ProviderSlice {
  index: number;
  leadProviderId: string;
  /** First global participant number (1-based). */
  first: number;
  size: number;
  /** First global school number (1-based) and how many schools the provider partners. */
  firstSchool: number;
  schools: number;
}

export function providerSlices(participants: number, leadProviderIds: string[]): ProviderSlice[] {
  let first = 1;
  let firstSchool = 1;
  return leadProviderIds.map((leadProviderId, index) => {
    const size = Math.max(10, Math.round(participants * PROVIDER_SHARES[index]!));
    const schools = Math.ceil(size / PARTICIPANTS_PER_SCHOOL);
    const slice = { index, leadProviderId, first, size, firstSchool, schools };
    first += size;
    firstSchool += schools;
    return slice;
  });
}

const DECLARATION_TYPES = ['started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'completed', 'extended-1', 'extended-2', 'extended-3'];

export function scaleSteps(options: ScaleOptions, slices: ProviderSlice[]): Step[] {
  const seed = Math.trunc(options.seed);
  const uid = (kind: string, expr: string) => `md5('${seed}:${kind}:' || (${expr})::text)::uuid`;
  const hash = (salt: number, expr: string, modulo: number) => `(abs(hashtextextended((${expr})::text, ${seed * 100 + salt})) % ${modulo})`;
  const providers = slices
    .map((s) => `(${s.index}, '${s.leadProviderId}'::uuid, ${s.first}, ${s.size}, ${s.firstSchool}, ${s.schools})`)
    .join(', ');
  const totalSchools = slices.reduce((sum, s) => sum + s.schools, 0);
  // Declarations per declaring participant, on average (10% declare nothing).
  const perParticipant = options.declarations / Math.max(1, options.participants * 0.9);
  const base = Math.floor(perParticipant);
  const extraPerMille = Math.round((perParticipant - base) * 1000);
  const epoch = `TIMESTAMPTZ '2021-06-01T00:00:00Z'`;
  const types = `ARRAY[${DECLARATION_TYPES.map((t) => `'${t}'`).join(', ')}]`;

  return [
    {
      label: 'participants plan',
      statements: [
        `DROP TABLE IF EXISTS scale_seed_providers`,
        `DROP TABLE IF EXISTS scale_seed_people`,
        `CREATE TABLE scale_seed_providers (idx int PRIMARY KEY, lead_provider_id uuid, first int, size int, first_school int, schools int)`,
        `INSERT INTO scale_seed_providers VALUES ${providers}`,
        // One row per participant with every choice made once; the inserts below only read it.
        // Every tenth (n % 10 = 9, so cohort 2025) is reserved: active, on the standard September
        // schedule, eligible, with no declarations, for the benchmark to declare for.
        `CREATE TABLE scale_seed_people AS
         SELECT q.*,
                2021 + q.n % 5 AS cohort_year,
                (CASE WHEN q.n % 3 = 0 THEN 'mentor' ELSE 'ect' END)::profile_type AS profile_type,
                CASE WHEN q.reserved THEN 'ecf-standard-september'
                     WHEN q.h1 < 70 THEN 'ecf-standard-september' WHEN q.h1 < 78 THEN 'ecf-standard-january'
                     WHEN q.h1 < 83 THEN 'ecf-standard-april' WHEN q.h1 < 88 THEN 'ecf-extended-september'
                     WHEN q.h1 < 93 THEN 'ecf-reduced-september' WHEN q.h1 < 96 THEN 'ecf-extended-january'
                     WHEN q.n % 3 = 0 THEN 'ecf-replacement-september' ELSE 'ecf-standard-september' END AS schedule_identifier,
                (CASE WHEN q.reserved THEN 'active' WHEN q.h2 < 4 THEN 'deferred' WHEN q.h2 < 8 THEN 'withdrawn' ELSE 'active' END)::training_status AS training_status,
                (CASE WHEN q.reserved THEN 'active' WHEN q.h3 < 3 THEN 'withdrawn' WHEN q.h3 < 6 THEN 'completed'
                      WHEN q.h3 < 8 THEN 'leaving' ELSE 'active' END)::induction_status AS induction_status,
                NOT q.reserved AND q.h4 < 3 AS transferred,
                NOT q.reserved AND q.h4 >= 97 AS id_changed,
                CASE WHEN q.reserved THEN 0 ELSE greatest(1, least(9, ${base} + (CASE WHEN q.h5 < ${extraPerMille} THEN 1 ELSE 0 END) + q.n % 5 - 2)) END AS declaration_count,
                p.first_school + q.n / ${PARTICIPANTS_PER_SCHOOL} AS school_no,
                next.first_school + q.n % next.schools AS previous_school_no,
                ${epoch} + (q.g * interval '7 minutes') AS created_at
           FROM (SELECT g, g - p.first AS n, p.idx AS lp, p.lead_provider_id, (g - p.first) % 10 = 9 AS reserved,
                        ${hash(1, 'g', 100)} AS h1, ${hash(2, 'g', 100)} AS h2, ${hash(3, 'g', 100)} AS h3,
                        ${hash(4, 'g', 100)} AS h4, ${hash(5, 'g', 1000)} AS h5, ${hash(6, 'g', 100)} AS h6
                   FROM scale_seed_providers p, generate_series(p.first, p.first + p.size - 1) AS g) AS q
           JOIN scale_seed_providers p ON p.idx = q.lp
           JOIN scale_seed_providers next ON next.idx = (q.lp + 1) % ${slices.length}`,
        `CREATE UNIQUE INDEX ON scale_seed_people (g)`,
      ],
    },
    {
      label: 'schools and partnerships',
      statements: [
        `INSERT INTO delivery_partners (id, name, created_at, updated_at)
           SELECT ${uid('dp', 'idx')}, 'Scale Delivery Partner ' || (idx + 1), ${epoch} + idx * interval '1 day', ${epoch} + idx * interval '1 day' FROM scale_seed_providers`,
        `INSERT INTO provider_relationships (id, lead_provider_id, delivery_partner_id, cohort_id, created_at, updated_at)
           SELECT ${uid('relationship', `p.idx || ':' || c.start_year`)}, p.lead_provider_id, ${uid('dp', 'p.idx')}, c.id, ${epoch}, ${epoch}
             FROM scale_seed_providers p CROSS JOIN cohorts c WHERE c.start_year BETWEEN 2021 AND 2025`,
        `INSERT INTO schools (id, urn, name, school_status_code, school_type_code, administrative_district_code, eligible, cip_only, created_at, updated_at)
           SELECT ${uid('school', 's')}, (900000 + s)::text, 'Scale School ' || s, 1, 1, 'E09000001', true, false,
                  ${epoch} + s * interval '1 minute', ${epoch} + s * interval '1 minute'
             FROM generate_series(1, ${totalSchools}) AS s`,
        `CREATE TABLE scale_seed_school_cohorts AS
           SELECT s, p.idx AS lp, p.lead_provider_id, c.id AS cohort_id, c.start_year,
                  ${uid('sc', `s || ':' || c.start_year`)} AS school_cohort_id,
                  ${uid('programme', `s || ':' || c.start_year`)} AS programme_id,
                  ${uid('partnership', `s || ':' || c.start_year`)} AS partnership_id
             FROM scale_seed_providers p
             CROSS JOIN LATERAL generate_series(p.first_school, p.first_school + p.schools - 1) AS s
             CROSS JOIN cohorts c WHERE c.start_year BETWEEN 2021 AND 2025`,
        `INSERT INTO school_cohorts (id, school_id, cohort_id, induction_programme_choice, created_at, updated_at)
           SELECT school_cohort_id, ${uid('school', 's')}, cohort_id, 'full_induction_programme', ${epoch}, ${epoch} FROM scale_seed_school_cohorts`,
        // Every 40th school (from the first) challenged its 2022 partnership: its participants that year are hidden from the provider.
        `INSERT INTO partnerships (id, school_id, lead_provider_id, delivery_partner_id, cohort_id, challenged_at, challenge_reason, created_at, updated_at)
           SELECT partnership_id, ${uid('school', 's')}, lead_provider_id, ${uid('dp', 'lp')}, cohort_id,
                  CASE WHEN s % 40 = 1 AND start_year = 2022 THEN TIMESTAMPTZ '2022-10-01T00:00:00Z' END,
                  (CASE WHEN s % 40 = 1 AND start_year = 2022 THEN 'mistake' END)::challenge_reason,
                  make_timestamptz(start_year, 6, 1, 0, 0, 0, 'UTC') + s * interval '1 minute',
                  make_timestamptz(start_year, 7, 1, 0, 0, 0, 'UTC') + s * interval '1 minute'
             FROM scale_seed_school_cohorts`,
        `INSERT INTO induction_programmes (id, school_cohort_id, partnership_id, training_programme, created_at, updated_at)
           SELECT programme_id, school_cohort_id, partnership_id, 'full_induction_programme', ${epoch}, ${epoch} FROM scale_seed_school_cohorts`,
        `UPDATE school_cohorts sc SET default_induction_programme_id = t.programme_id FROM scale_seed_school_cohorts t WHERE t.school_cohort_id = sc.id`,
      ],
    },
    {
      label: 'participants',
      statements: [
        `INSERT INTO users (id, full_name, email, created_at, updated_at)
           SELECT ${uid('user', 'g')}, 'Scale Participant ' || g, 'scale' || g || '@example.com', created_at, created_at + interval '3 days' + h6 * interval '1 hour'
             FROM scale_seed_people`,
        `INSERT INTO teacher_profiles (id, user_id, trn, created_at, updated_at)
           SELECT ${uid('teacher', 'g')}, ${uid('user', 'g')}, CASE WHEN h6 = 0 AND NOT reserved THEN NULL ELSE (2000000 + g)::text END, created_at, created_at
             FROM scale_seed_people`,
        `INSERT INTO participant_identities (id, user_id, external_identifier, email, created_at, updated_at)
           SELECT ${uid('identity', 'g')}, ${uid('user', 'g')}, ${uid('user', 'g')}, 'scale' || g || '@example.com', created_at, created_at FROM scale_seed_people`,
        // An id change: the participant was merged from an earlier user, whose id still resolves.
        `INSERT INTO participant_identities (id, user_id, external_identifier, email, created_at, updated_at)
           SELECT ${uid('old-identity', 'g')}, ${uid('user', 'g')}, ${uid('old-user', 'g')}, 'scale-old' || g || '@example.com', created_at, created_at
             FROM scale_seed_people WHERE id_changed`,
        `INSERT INTO participant_id_changes (id, user_id, from_participant_id, to_participant_id, created_at)
           SELECT ${uid('id-change', 'g')}, ${uid('user', 'g')}, ${uid('old-user', 'g')}, ${uid('user', 'g')}, created_at + interval '2 days'
             FROM scale_seed_people WHERE id_changed`,
      ],
    },
    {
      label: 'registrations',
      statements: [
        `INSERT INTO participant_profiles (id, user_id, participant_identity_id, profile_type, school_cohort_id, schedule_id, status, training_status,
                                           pupil_premium_uplift, sparsity_uplift, induction_start_date, created_at, updated_at)
           SELECT ${uid('profile', 'g')}, ${uid('user', 'g')}, ${uid('identity', 'g')}, profile_type, ${uid('sc', `school_no || ':' || cohort_year`)}, s.id,
                  (CASE WHEN induction_status = 'withdrawn' THEN 'withdrawn' ELSE 'active' END)::record_status, training_status,
                  h6 % 5 = 0, h6 % 7 = 0, CASE WHEN profile_type = 'ect' THEN make_date(cohort_year, 9, 1) END, p.created_at, p.created_at + interval '1 day'
             FROM scale_seed_people p
             JOIN cohorts c ON c.start_year = p.cohort_year
             JOIN schedules s ON s.cohort_id = c.id AND s.schedule_identifier = p.schedule_identifier`,
        `INSERT INTO ecf_participant_eligibilities (id, participant_profile_id, status, reason, created_at, updated_at)
           SELECT ${uid('eligibility', 'g')}, ${uid('profile', 'g')},
                  (CASE WHEN reserved OR h6 > 2 THEN 'eligible' WHEN h6 = 1 THEN 'manual_check' ELSE 'ineligible' END)::eligibility_status,
                  (CASE WHEN reserved OR h6 > 2 THEN 'none' WHEN h6 = 1 THEN 'different_trn' ELSE 'previous_participation' END)::eligibility_reason,
                  p.created_at, p.created_at
             FROM scale_seed_people p`,
        // The current record; an ECT with n % 3 = 1 is mentored by participant n + 5 (a mentor in the same cohort).
        `INSERT INTO induction_records (id, participant_profile_id, induction_programme_id, schedule_id, mentor_profile_id, preferred_identity_id,
                                        start_date, end_date, training_status, induction_status, school_transfer, created_at, updated_at)
           SELECT ${uid('record', 'g')}, ${uid('profile', 'g')}, ${uid('programme', `school_no || ':' || cohort_year`)}, s.id,
                  CASE WHEN n % 3 = 1 AND n + 5 < pr.size THEN ${uid('profile', 'g + 5')} END, ${uid('identity', 'g')},
                  CASE WHEN transferred THEN p.created_at + interval '31 days' ELSE p.created_at END,
                  CASE WHEN induction_status IN ('completed', 'leaving') THEN p.created_at + interval '300 days' END,
                  training_status, induction_status, transferred, p.created_at + interval '1 hour', p.created_at + interval '1 day'
             FROM scale_seed_people p
             JOIN scale_seed_providers pr ON pr.idx = p.lp
             JOIN cohorts c ON c.start_year = p.cohort_year
             JOIN schedules s ON s.cohort_id = c.id AND s.schedule_identifier = p.schedule_identifier`,
        // A transfer: an earlier record at a school of the next provider, left a day before the current one starts.
        `INSERT INTO induction_records (id, participant_profile_id, induction_programme_id, schedule_id, preferred_identity_id,
                                        start_date, end_date, training_status, induction_status, created_at, updated_at)
           SELECT ${uid('previous-record', 'g')}, ${uid('profile', 'g')}, ${uid('programme', `previous_school_no || ':' || cohort_year`)}, s.id, ${uid('identity', 'g')},
                  p.created_at - interval '200 days', p.created_at + interval '30 days', 'active', 'leaving', p.created_at, p.created_at + interval '30 days'
             FROM scale_seed_people p
             JOIN cohorts c ON c.start_year = p.cohort_year
             JOIN schedules s ON s.cohort_id = c.id AND s.schedule_identifier = p.schedule_identifier
            WHERE transferred`,
        `INSERT INTO participant_profile_states (id, participant_profile_id, lead_provider_id, state, reason, created_at)
           SELECT ${uid('state', 'g')}, ${uid('profile', 'g')}, lead_provider_id, training_status, 'other', created_at + interval '20 days'
             FROM scale_seed_people WHERE training_status <> 'active'`,
      ],
    },
    {
      label: 'declarations',
      statements: [
        `DROP TABLE IF EXISTS scale_seed_statements`,
        // Each provider's output statements per cohort, numbered by deadline: a declaration of the
        // k-th type sits on the k-th statement (or the last one). Its state follows the statement's
        // status; on a date when no statement is payable, some declarations on open statements are.
        `CREATE TABLE scale_seed_statements AS
           SELECT st.id, st.lead_provider_id, st.cohort_id, st.status,
                  row_number() OVER (PARTITION BY st.lead_provider_id, st.cohort_id ORDER BY st.deadline_date, st.id)::int AS ordinal,
                  count(*) OVER (PARTITION BY st.lead_provider_id, st.cohort_id)::int AS statements
             FROM statements st WHERE st.output_fee AND st.statement_type = 'ecf'`,
        `CREATE UNIQUE INDEX ON scale_seed_statements (lead_provider_id, cohort_id, ordinal)`,
        `DROP TABLE IF EXISTS scale_seed_declarations`,
        `CREATE TABLE scale_seed_declarations AS
           SELECT d.*,
                  (CASE WHEN d.x < 4 THEN 'voided' WHEN d.x < 6 THEN 'ineligible'
                        WHEN d.statement_status = 'paid' AND d.x < 8 THEN 'awaiting_clawback'
                        WHEN d.statement_status = 'paid' AND d.x < 10 THEN 'clawed_back'
                        WHEN d.statement_status = 'paid' THEN 'paid' WHEN d.statement_status = 'payable' THEN 'payable'
                        WHEN d.x < 20 THEN 'submitted' WHEN d.x < 30 THEN 'payable' ELSE 'eligible' END)::declaration_state AS state
             FROM (SELECT p.g, p.lp, p.lead_provider_id, p.profile_type, c.id AS cohort_id, m.declaration_type, k.ordinal,
                          ${uid('declaration', `p.g || ':' || k.ordinal`)} AS id,
                          ${hash(7, `p.g || ':' || k.ordinal`, 100)} AS x,
                          (m.start_date + (${hash(8, `p.g || ':' || k.ordinal`, 1000)} % greatest(1, coalesce(m.milestone_date, m.start_date + 90) - m.start_date))::int)::timestamptz
                            + interval '10 hours' AS declaration_date,
                          st.id AS statement_id, st.status AS statement_status, next.id AS next_statement_id,
                          p.h6 % 5 = 0 AS pupil_premium_uplift, p.h6 % 7 = 0 AS sparsity_uplift
                     FROM scale_seed_people p
                     JOIN cohorts c ON c.start_year = p.cohort_year
                     JOIN schedules s ON s.cohort_id = c.id AND s.schedule_identifier = p.schedule_identifier
                     JOIN milestones m ON m.schedule_id = s.id
                     CROSS JOIN LATERAL (SELECT array_position(${types}, m.declaration_type) AS ordinal) AS k
                     JOIN scale_seed_statements st ON st.lead_provider_id = p.lead_provider_id AND st.cohort_id = c.id
                                                  AND st.ordinal = least(k.ordinal, st.statements)
                     LEFT JOIN scale_seed_statements next ON next.lead_provider_id = p.lead_provider_id AND next.cohort_id = c.id
                                                  AND next.ordinal = least(k.ordinal + 1, next.statements)
                    WHERE k.ordinal <= p.declaration_count) AS d`,
        `INSERT INTO participant_declarations (id, user_id, participant_profile_id, lead_provider_id, cohort_id, profile_type, declaration_type,
                                               declaration_date, course_identifier, evidence_held, state, state_reason, pupil_premium_uplift, sparsity_uplift,
                                               delivery_partner_id, voided_at, billable_slot, created_at, updated_at)
           SELECT id, ${uid('user', 'g')}, ${uid('profile', 'g')}, lead_provider_id, cohort_id, profile_type, declaration_type, declaration_date,
                  CASE WHEN profile_type = 'mentor' THEN 'ecf-mentor' ELSE 'ecf-induction' END, CASE WHEN ordinal > 1 THEN 'other' END,
                  state, CASE WHEN state = 'ineligible' THEN 'duplicate' END, pupil_premium_uplift, sparsity_uplift, ${uid('dp', 'lp')},
                  CASE WHEN state = 'voided' THEN declaration_date + interval '5 days' END,
                  CASE WHEN state IN ('submitted', 'eligible', 'payable', 'paid')
                       THEN ${uid('user', 'g')}::text || '|' || CASE WHEN profile_type = 'mentor' THEN 'ecf-mentor' ELSE 'ecf-induction' END || '|' || declaration_type END,
                  declaration_date + interval '1 hour',
                  declaration_date + CASE WHEN state IN ('submitted', 'eligible', 'ineligible') THEN interval '1 hour' ELSE interval '40 days' END
             FROM scale_seed_declarations`,
        // History: how each declaration was created, then the change that brought it to its state.
        `INSERT INTO declaration_state_changes (id, participant_declaration_id, from_state, state, state_reason, actor, created_at)
           SELECT ${uid('created', 'id')}, id, NULL, (CASE WHEN state IN ('submitted', 'ineligible') THEN state ELSE 'eligible' END)::declaration_state,
                  CASE WHEN state = 'ineligible' THEN 'duplicate' END, 'lead_provider:' || lead_provider_id, declaration_date + interval '1 hour'
             FROM scale_seed_declarations`,
        `INSERT INTO declaration_state_changes (id, participant_declaration_id, from_state, state, actor, created_at)
           SELECT ${uid('changed', 'id')}, id, 'eligible', state, CASE WHEN state = 'voided' THEN 'lead_provider:' || lead_provider_id ELSE 'admin' END,
                  declaration_date + interval '40 days'
             FROM scale_seed_declarations WHERE state NOT IN ('submitted', 'eligible', 'ineligible')`,
        // Statement lines: every declaration but a submitted one is on its statement; a clawback
        // keeps its paid line and adds a refund line on the next statement.
        `INSERT INTO statement_line_items (id, statement_id, participant_declaration_id, state, created_at, updated_at)
           SELECT ${uid('line', 'id')}, statement_id, id,
                  (CASE WHEN state IN ('awaiting_clawback', 'clawed_back') THEN 'paid' ELSE state::text END)::declaration_state,
                  declaration_date + interval '1 hour', declaration_date + interval '40 days'
             FROM scale_seed_declarations WHERE state <> 'submitted'
           UNION ALL
           SELECT ${uid('refund-line', 'id')}, next_statement_id, id, state, declaration_date + interval '40 days', declaration_date + interval '40 days'
             FROM scale_seed_declarations WHERE state IN ('awaiting_clawback', 'clawed_back')`,
      ],
    },
    {
      label: 'npq',
      statements: [
        // Every fourth participant (n % 4 = 2) also applied for an NPQ course with their provider in
        // their cohort: most were accepted (an enrolment, with declarations on the provider's NPQ
        // statements and, once completed, an outcome), some are pending or were rejected.
        `DROP TABLE IF EXISTS scale_seed_npq`,
        `CREATE TABLE scale_seed_npq AS
           SELECT p.g, p.lp, p.lead_provider_id, p.cohort_year, p.training_status, p.created_at + interval '5 days' AS applied_at, p.h6,
                  ${uid('npq-application', 'p.g')} AS id, c.id AS cohort_id, course.id AS course_id, course.identifier AS course_identifier,
                  course.course_group, sch.id AS schedule_id, sch.start_date,
                  CASE WHEN ${hash(9, 'p.g', 100)} < 85 THEN 'accepted' WHEN ${hash(9, 'p.g', 100)} < 93 THEN 'pending' ELSE 'rejected' END AS status,
                  p.h6 > 2 AS eligible, ${hash(10, 'p.g', 100)} AS x
             FROM scale_seed_people p
             JOIN cohorts c ON c.start_year = p.cohort_year
             JOIN LATERAL (SELECT nc.* FROM npq_courses nc
                            WHERE nc.identifier <> 'npq-additional-support-offer' AND (nc.identifier <> 'npq-senco' OR p.cohort_year >= 2024)
                            ORDER BY nc.identifier OFFSET ${hash(11, 'p.g', 10)} LIMIT 1) AS course ON true
             JOIN npq_schedules sch ON sch.cohort_id = c.id
                                   AND sch.schedule_identifier = CASE course.course_group WHEN 'ehco' THEN 'npq-ehco-june' ELSE 'npq-' || course.course_group || '-autumn' END
            WHERE p.n % 4 = 2`,
        `INSERT INTO npq_applications (id, user_id, lead_provider_id, npq_course_id, cohort_id, status, teacher_reference_number, trn_verified,
                                       works_in_school, school_urn, headteacher_status, eligible_for_funding, funded_place, teacher_catchment, created_at, updated_at)
           SELECT id, ${uid('user', 'g')}, lead_provider_id, course_id, cohort_id, status::npq_application_status, (2000000 + g)::text, true,
                  true, (900000 + g / ${PARTICIPANTS_PER_SCHOOL})::text, 'no', eligible, CASE WHEN cohort_year >= 2024 THEN eligible END, 'england',
                  applied_at, applied_at + interval '2 days'
             FROM scale_seed_npq`,
        `INSERT INTO npq_participant_profiles (id, npq_application_id, user_id, lead_provider_id, npq_course_id, cohort_id, npq_schedule_id, training_status,
                                               school_urn, created_at, updated_at)
           SELECT id, id, ${uid('user', 'g')}, lead_provider_id, course_id, cohort_id, schedule_id, training_status,
                  (900000 + g / ${PARTICIPANTS_PER_SCHOOL})::text, applied_at + interval '2 days', applied_at + interval '2 days'
             FROM scale_seed_npq WHERE status = 'accepted'`,
        `INSERT INTO npq_profile_states (id, npq_participant_profile_id, lead_provider_id, state, reason, created_at)
           SELECT ${uid('npq-created', 'g')}, id, NULL, 'active', NULL, applied_at + interval '2 days' FROM scale_seed_npq WHERE status = 'accepted'
           UNION ALL
           SELECT ${uid('npq-state', 'g')}, id, lead_provider_id, training_status, 'other', applied_at + interval '30 days'
             FROM scale_seed_npq WHERE status = 'accepted' AND training_status <> 'active'`,
        `DROP TABLE IF EXISTS scale_seed_npq_statements`,
        `CREATE TABLE scale_seed_npq_statements AS
           SELECT st.id, st.lead_provider_id, st.cohort_id, st.status, st.deadline_date,
                  row_number() OVER (PARTITION BY st.lead_provider_id, st.cohort_id ORDER BY st.deadline_date, st.id)::int AS ordinal
             FROM statements st WHERE st.statement_type = 'npq' AND st.output_fee`,
        `CREATE UNIQUE INDEX ON scale_seed_npq_statements (lead_provider_id, cohort_id, ordinal)`,
        // The k-th milestone of the course is declared 100 × k days after the schedule starts and
        // goes on the statement whose window holds that date; its state follows that statement.
        `DROP TABLE IF EXISTS scale_seed_npq_declarations`,
        `CREATE TABLE scale_seed_npq_declarations AS
           SELECT d.*, st.id AS statement_id,
                  (CASE WHEN NOT d.eligible OR st.id IS NULL THEN 'submitted' WHEN d.y < 4 THEN 'voided'
                        WHEN st.status = 'paid' AND d.y < 7 THEN 'awaiting_clawback'
                        WHEN st.status = 'paid' THEN 'paid' WHEN st.status = 'payable' THEN 'payable' ELSE 'eligible' END)::declaration_state AS state,
                  next.id AS next_statement_id
             FROM (SELECT n.g, n.id AS enrolment_id, n.lead_provider_id, n.cohort_id, n.course_identifier, n.course_group, n.eligible,
                          t.declaration_type, t.k, ${uid('npq-declaration', `n.g || ':' || t.k`)} AS id,
                          (n.start_date + (t.k * 100 + 10)::int)::timestamptz + interval '10 hours' AS declaration_date,
                          ${hash(12, `n.g || ':' || t.k`, 100)} AS y
                     FROM scale_seed_npq n
                     CROSS JOIN LATERAL unnest(CASE WHEN n.course_group = 'specialist' THEN ARRAY['started', 'retained-1', 'completed']
                                                    ELSE ARRAY['started', 'retained-1', 'retained-2', 'completed'] END) WITH ORDINALITY AS t(declaration_type, k)
                    WHERE n.status = 'accepted' AND t.k <= 1 + n.x % 4
                      -- a withdrawn participant was withdrawn after their start, so only that was declared
                      AND (n.training_status <> 'withdrawn' OR t.k = 1)
                      AND (n.start_date + (t.k * 100 + 10)::int) < current_date) AS d
             LEFT JOIN LATERAL (SELECT s.* FROM scale_seed_npq_statements s
                                 WHERE s.lead_provider_id = d.lead_provider_id AND s.cohort_id = d.cohort_id AND s.deadline_date >= d.declaration_date::date
                                 ORDER BY s.ordinal LIMIT 1) st ON true
             LEFT JOIN scale_seed_npq_statements next ON next.lead_provider_id = d.lead_provider_id AND next.cohort_id = d.cohort_id AND next.ordinal = st.ordinal + 1`,
        `DELETE FROM scale_seed_npq_declarations WHERE state = 'awaiting_clawback' AND next_statement_id IS NULL`,
        `INSERT INTO participant_declarations (id, user_id, npq_participant_profile_id, lead_provider_id, cohort_id, profile_type, declaration_type,
                                               declaration_date, course_identifier, state, voided_at, billable_slot, created_at, updated_at)
           SELECT id, ${uid('user', 'g')}, enrolment_id, lead_provider_id, cohort_id, 'npq', declaration_type, declaration_date, course_identifier, state,
                  CASE WHEN state = 'voided' THEN declaration_date + interval '5 days' END,
                  CASE WHEN state IN ('submitted', 'eligible', 'payable', 'paid') THEN ${uid('user', 'g')}::text || '|' || course_identifier || '|' || declaration_type END,
                  declaration_date + interval '1 hour',
                  declaration_date + CASE WHEN state IN ('submitted', 'eligible') THEN interval '1 hour' ELSE interval '40 days' END
             FROM scale_seed_npq_declarations`,
        `INSERT INTO declaration_state_changes (id, participant_declaration_id, from_state, state, actor, created_at)
           SELECT ${uid('created', 'id')}, id, NULL::declaration_state, (CASE WHEN state = 'submitted' THEN 'submitted' ELSE 'eligible' END)::declaration_state,
                  'lead_provider:' || lead_provider_id, declaration_date + interval '1 hour'
             FROM scale_seed_npq_declarations
           UNION ALL
           SELECT ${uid('changed', 'id')}, id, 'eligible'::declaration_state, state, CASE WHEN state = 'voided' THEN 'lead_provider:' || lead_provider_id ELSE 'admin' END,
                  declaration_date + interval '40 days'
             FROM scale_seed_npq_declarations WHERE state NOT IN ('submitted', 'eligible')`,
        `INSERT INTO statement_line_items (id, statement_id, participant_declaration_id, state, created_at, updated_at)
           SELECT ${uid('line', 'id')}, statement_id, id, (CASE WHEN state = 'awaiting_clawback' THEN 'paid' ELSE state::text END)::declaration_state,
                  declaration_date + interval '1 hour', declaration_date + interval '40 days'
             FROM scale_seed_npq_declarations WHERE state <> 'submitted'
           UNION ALL
           SELECT ${uid('refund-line', 'id')}, next_statement_id, id, state, declaration_date + interval '40 days', declaration_date + interval '40 days'
             FROM scale_seed_npq_declarations WHERE state = 'awaiting_clawback'`,
        // A completed declaration on a course with a qualification carries its outcome (withdrawn once voided or clawed back).
        `INSERT INTO npq_participant_outcomes (id, participant_declaration_id, lead_provider_id, user_id, state, completion_date, created_at, updated_at)
           SELECT ${uid('outcome', 'id')}, id, lead_provider_id, ${uid('user', 'g')}, (CASE WHEN y % 5 = 0 THEN 'failed' ELSE 'passed' END)::npq_outcome_state,
                  declaration_date::date, declaration_date + interval '1 hour', declaration_date + interval '1 hour'
             FROM scale_seed_npq_declarations WHERE declaration_type = 'completed' AND course_group <> 'ehco'
           UNION ALL
           SELECT ${uid('voided-outcome', 'id')}, id, lead_provider_id, ${uid('user', 'g')}, 'voided', declaration_date::date,
                  declaration_date + interval '40 days', declaration_date + interval '40 days'
             FROM scale_seed_npq_declarations WHERE declaration_type = 'completed' AND course_group <> 'ehco' AND state IN ('voided', 'awaiting_clawback')`,
      ],
    },
    {
      label: 'tidy up',
      statements: [
        `DROP TABLE scale_seed_declarations`,
        `DROP TABLE scale_seed_statements`,
        `DROP TABLE scale_seed_npq_declarations`,
        `DROP TABLE scale_seed_npq_statements`,
        `DROP TABLE scale_seed_npq`,
        `DROP TABLE scale_seed_school_cohorts`,
        `DROP TABLE scale_seed_people`,
        `DROP TABLE scale_seed_providers`,
      ],
    },
  ];
}
