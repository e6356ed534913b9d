-- CreateTable
CREATE TABLE "participant_list_rows" (
    "lead_provider_id" UUID NOT NULL,
    "participant_profile_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "record_ordinal" INTEGER,
    "person_ordinal" INTEGER,
    "cohort_start_year" INTEGER NOT NULL,
    "user_created_at" TIMESTAMPTZ(6) NOT NULL,
    "user_updated_at" TIMESTAMPTZ(6) NOT NULL,
    "profile_created_at" TIMESTAMPTZ(6) NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "full_name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "trn" TEXT,
    "profile_type" "profile_type" NOT NULL,
    "pupil_premium_uplift" BOOLEAN NOT NULL,
    "sparsity_uplift" BOOLEAN NOT NULL,
    "induction_completion_date" DATE,
    "mentor_completion_date" DATE,
    "mentor_completion_reason" "mentor_completion_reason",
    "cohort_changed_after_payments_frozen" BOOLEAN NOT NULL,
    "eligibility_status" "eligibility_status",
    "eligibility_reason" "eligibility_reason",
    "training_status" "training_status" NOT NULL,
    "induction_status" "induction_status" NOT NULL,
    "start_date" TIMESTAMPTZ(6) NOT NULL,
    "end_date" TIMESTAMPTZ(6),
    "mentor_user_id" UUID,
    "school_urn" TEXT NOT NULL,
    "school_cohort_year" INTEGER NOT NULL,
    "schedule_identifier" TEXT NOT NULL,
    "delivery_partner_id" UUID,
    "state_reason" TEXT,
    "state_created_at" TIMESTAMPTZ(6),
    "id_changes" JSONB NOT NULL,

    CONSTRAINT "participant_list_rows_pkey" PRIMARY KEY ("lead_provider_id","participant_profile_id")
);

-- CreateIndex
CREATE INDEX "participant_list_rows_lead_provider_id_record_ordinal_idx" ON "participant_list_rows"("lead_provider_id", "record_ordinal");

-- CreateIndex
CREATE INDEX "participant_list_rows_lead_provider_id_person_ordinal_idx" ON "participant_list_rows"("lead_provider_id", "person_ordinal");

-- CreateIndex
CREATE INDEX "participant_list_rows_lead_provider_id_user_created_at_user_idx" ON "participant_list_rows"("lead_provider_id", "user_created_at", "user_id", "profile_created_at", "participant_profile_id");

-- CreateIndex
CREATE INDEX "participant_list_rows_lead_provider_id_user_updated_at_user_idx" ON "participant_list_rows"("lead_provider_id", "user_updated_at", "user_id", "profile_created_at", "participant_profile_id");

-- CreateIndex
CREATE INDEX "participant_list_rows_user_id_idx" ON "participant_list_rows"("user_id");

-- What a provider sees of a registration: the latest induction record (the order of
-- latestInductionRecordFirst in src/domain/shared/sql-fragments.ts) under one of its unchallenged
-- partnerships. participant_visibility is written from it. user_id leads the DISTINCT ON so that a
-- condition on user_id is pushed inside it (a refresh reads only those users' records).
CREATE VIEW "participant_visibility_source" AS
SELECT DISTINCT ON (pp.user_id, p.lead_provider_id, ir.participant_profile_id)
       p.lead_provider_id, ir.participant_profile_id, pp.user_id, ir.id AS induction_record_id, pp.profile_type,
       c.start_year AS cohort_start_year, ir.training_status, u.created_at AS user_created_at,
       u.updated_at AS user_updated_at, pp.created_at AS profile_created_at, ir.mentor_profile_id,
       mentor.user_id AS mentor_user_id
  FROM induction_records ir
  JOIN participant_profiles pp ON pp.id = ir.participant_profile_id
  JOIN users u ON u.id = pp.user_id
  JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
  JOIN partnerships p ON p.id = ip.partnership_id
  JOIN schedules s ON s.id = ir.schedule_id
  JOIN cohorts c ON c.id = s.cohort_id
  LEFT JOIN participant_profiles mentor ON mentor.id = ir.mentor_profile_id
 WHERE p.challenged_at IS NULL AND p.challenge_reason IS NULL
 ORDER BY pp.user_id, p.lead_provider_id, ir.participant_profile_id,
          (ir.end_date IS NULL) DESC, ir.start_date DESC, ir.end_date DESC, ir.created_at DESC, ir.id DESC;

-- What the read model holds, computed from the source tables: per visible registration, what the
-- serializers need.
CREATE VIEW "participant_list_source" AS
SELECT vis.lead_provider_id, vis.participant_profile_id, vis.user_id,
       NULL::int AS record_ordinal, NULL::int AS person_ordinal,
       vis.cohort_start_year,
       vis.user_created_at, vis.user_updated_at, vis.profile_created_at,
       GREATEST(vis.user_updated_at, pp.updated_at, ir.updated_at, pi.updated_at) AS updated_at,
       u.full_name, COALESCE(pi.email, u.email) AS email, tp.trn, pp.profile_type,
       pp.pupil_premium_uplift, pp.sparsity_uplift, pp.induction_completion_date, pp.mentor_completion_date,
       pp.mentor_completion_reason, pp.cohort_changed_after_payments_frozen,
       e.status AS eligibility_status, e.reason AS eligibility_reason,
       ir.training_status, ir.induction_status, ir.start_date, ir.end_date,
       vis.mentor_user_id, sch.urn AS school_urn, sc_cohort.start_year AS school_cohort_year,
       s.schedule_identifier, p.delivery_partner_id, st.reason AS state_reason, st.created_at AS state_created_at,
       COALESCE((SELECT jsonb_agg(jsonb_build_array(c.from_participant_id, c.to_participant_id,
                                                    floor(extract(epoch FROM c.created_at) * 1000)::bigint)
                                  ORDER BY c.created_at, c.id)
                   FROM participant_id_changes c WHERE c.user_id = vis.user_id), '[]'::jsonb) AS id_changes
  FROM participant_visibility_source vis
  JOIN users u ON u.id = vis.user_id
  JOIN participant_profiles pp ON pp.id = vis.participant_profile_id
  JOIN induction_records ir ON ir.id = vis.induction_record_id
  JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
  JOIN partnerships p ON p.id = ip.partnership_id
  JOIN school_cohorts sc ON sc.id = ip.school_cohort_id
  JOIN schools sch ON sch.id = sc.school_id
  JOIN cohorts sc_cohort ON sc_cohort.id = sc.cohort_id
  JOIN schedules s ON s.id = ir.schedule_id
  LEFT JOIN teacher_profiles tp ON tp.user_id = u.id
  LEFT JOIN ecf_participant_eligibilities e ON e.participant_profile_id = pp.id
  LEFT JOIN participant_identities pi ON pi.id = ir.preferred_identity_id
  LEFT JOIN LATERAL (
    SELECT reason, created_at FROM participant_profile_states
     WHERE participant_profile_id = pp.id AND lead_provider_id = vis.lead_provider_id
       AND state = ir.training_status AND ir.training_status <> 'active'
     ORDER BY created_at DESC LIMIT 1
  ) st ON true;

-- Renumbers one provider's ordinals from the person (from_created, from_user) on; the rows before
-- it keep theirs. Only rows whose ordinal moves are written.
CREATE FUNCTION "renumber_participant_list"(provider uuid, from_created timestamptz, from_user uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  base_record int;
  base_person int;
BEGIN
  SELECT r.record_ordinal, r.person_ordinal INTO base_record, base_person
    FROM participant_list_rows r
   WHERE r.lead_provider_id = provider AND r.record_ordinal IS NOT NULL
     AND (r.user_created_at, r.user_id) < (from_created, from_user)
   ORDER BY r.lead_provider_id DESC, r.user_created_at DESC, r.user_id DESC, r.profile_created_at DESC, r.participant_profile_id DESC
   LIMIT 1;
  UPDATE participant_list_rows r
     SET record_ordinal = n.record_ordinal, person_ordinal = n.person_ordinal
    FROM (
      SELECT participant_profile_id,
             COALESCE(base_record, 0) + row_number() OVER (ORDER BY user_created_at, user_id, profile_created_at, participant_profile_id) AS record_ordinal,
             COALESCE(base_person, 0) + dense_rank() OVER (ORDER BY user_created_at, user_id) AS person_ordinal
        FROM participant_list_rows
       WHERE lead_provider_id = provider AND cohort_start_year > 2020
         AND (user_created_at, user_id) >= (from_created, from_user)
    ) n
   WHERE r.lead_provider_id = provider AND r.participant_profile_id = n.participant_profile_id
     AND (r.record_ordinal IS DISTINCT FROM n.record_ordinal OR r.person_ordinal IS DISTINCT FROM n.person_ordinal);
END
$$;

-- Brings these users' rows up to date, in the caller's transaction. Rows are upserted (a row whose
-- place in the order did not move keeps its ordinals); a provider whose ordered rows of these
-- users changed (added, removed, moved, entered or left the cohorts after 2020) is renumbered
-- from the earliest of them. One advisory lock serialises refreshes, so two transactions never
-- number the same provider from the same snapshot.
CREATE FUNCTION "refresh_participant_list"(users uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  changed record;
BEGIN
  IF users IS NULL OR cardinality(users) = 0 THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(7418001);
  CREATE TEMP TABLE IF NOT EXISTS participant_list_before (lead_provider_id uuid, first_created timestamptz, first_user uuid, signature text) ON COMMIT DELETE ROWS;
  DELETE FROM participant_list_before;
  INSERT INTO participant_list_before
  SELECT lead_provider_id,
         (array_agg(user_created_at ORDER BY user_created_at, user_id))[1],
         (array_agg(user_id ORDER BY user_created_at, user_id))[1],
         string_agg(participant_profile_id::text || user_id::text || user_created_at::text || profile_created_at::text, ','
                    ORDER BY participant_profile_id)
    FROM participant_list_rows
   WHERE user_id = ANY(users) AND cohort_start_year > 2020
   GROUP BY lead_provider_id;

  DELETE FROM participant_list_rows r
   WHERE r.user_id = ANY(users)
     AND NOT EXISTS (SELECT 1 FROM participant_list_source s
                      WHERE s.user_id = ANY(users) AND s.lead_provider_id = r.lead_provider_id
                        AND s.participant_profile_id = r.participant_profile_id);

  INSERT INTO participant_list_rows SELECT * FROM participant_list_source s WHERE s.user_id = ANY(users)
  ON CONFLICT (lead_provider_id, participant_profile_id) DO UPDATE SET
    user_id = excluded.user_id, cohort_start_year = excluded.cohort_start_year,
    user_created_at = excluded.user_created_at, user_updated_at = excluded.user_updated_at,
    profile_created_at = excluded.profile_created_at, updated_at = excluded.updated_at,
    full_name = excluded.full_name, email = excluded.email, trn = excluded.trn, profile_type = excluded.profile_type,
    pupil_premium_uplift = excluded.pupil_premium_uplift, sparsity_uplift = excluded.sparsity_uplift,
    induction_completion_date = excluded.induction_completion_date, mentor_completion_date = excluded.mentor_completion_date,
    mentor_completion_reason = excluded.mentor_completion_reason,
    cohort_changed_after_payments_frozen = excluded.cohort_changed_after_payments_frozen,
    eligibility_status = excluded.eligibility_status, eligibility_reason = excluded.eligibility_reason,
    training_status = excluded.training_status, induction_status = excluded.induction_status,
    start_date = excluded.start_date, end_date = excluded.end_date, mentor_user_id = excluded.mentor_user_id,
    school_urn = excluded.school_urn, school_cohort_year = excluded.school_cohort_year,
    schedule_identifier = excluded.schedule_identifier, delivery_partner_id = excluded.delivery_partner_id,
    state_reason = excluded.state_reason, state_created_at = excluded.state_created_at, id_changes = excluded.id_changes,
    -- Left the numbered cohorts: no longer numbered.
    record_ordinal = CASE WHEN excluded.cohort_start_year > 2020 THEN participant_list_rows.record_ordinal END,
    person_ordinal = CASE WHEN excluded.cohort_start_year > 2020 THEN participant_list_rows.person_ordinal END;

  FOR changed IN
    WITH after AS (
      SELECT lead_provider_id,
             (array_agg(user_created_at ORDER BY user_created_at, user_id))[1] AS first_created,
             (array_agg(user_id ORDER BY user_created_at, user_id))[1] AS first_user,
             string_agg(participant_profile_id::text || user_id::text || user_created_at::text || profile_created_at::text, ','
                        ORDER BY participant_profile_id) AS signature
        FROM participant_list_rows
       WHERE user_id = ANY(users) AND cohort_start_year > 2020
       GROUP BY lead_provider_id
    )
    SELECT COALESCE(a.lead_provider_id, b.lead_provider_id) AS provider,
           CASE WHEN b.lead_provider_id IS NULL OR (a.lead_provider_id IS NOT NULL AND (a.first_created, a.first_user) < (b.first_created, b.first_user))
                THEN a.first_created ELSE b.first_created END AS from_created,
           CASE WHEN b.lead_provider_id IS NULL OR (a.lead_provider_id IS NOT NULL AND (a.first_created, a.first_user) < (b.first_created, b.first_user))
                THEN a.first_user ELSE b.first_user END AS from_user
      FROM after a FULL JOIN participant_list_before b ON b.lead_provider_id = a.lead_provider_id
     WHERE a.signature IS DISTINCT FROM b.signature
  LOOP
    PERFORM renumber_participant_list(changed.provider, changed.from_created, changed.from_user);
  END LOOP;
END
$$;

-- Recomputes the whole read model (backfill, bulk loads, and the consistency test's reference).
CREATE FUNCTION "rebuild_participant_list"() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM participant_list_rows;
  INSERT INTO participant_list_rows
  SELECT s.lead_provider_id, s.participant_profile_id, s.user_id,
         CASE WHEN s.cohort_start_year > 2020 THEN row_number() OVER records END,
         CASE WHEN s.cohort_start_year > 2020 THEN dense_rank() OVER people END,
         s.cohort_start_year, s.user_created_at, s.user_updated_at, s.profile_created_at, s.updated_at, s.full_name,
         s.email, s.trn, s.profile_type, s.pupil_premium_uplift, s.sparsity_uplift, s.induction_completion_date,
         s.mentor_completion_date, s.mentor_completion_reason, s.cohort_changed_after_payments_frozen,
         s.eligibility_status, s.eligibility_reason, s.training_status, s.induction_status, s.start_date, s.end_date,
         s.mentor_user_id, s.school_urn, s.school_cohort_year, s.schedule_identifier, s.delivery_partner_id,
         s.state_reason, s.state_created_at, s.id_changes
    FROM participant_list_source s
  WINDOW records AS (PARTITION BY s.lead_provider_id, s.cohort_start_year > 2020
                     ORDER BY s.user_created_at, s.user_id, s.profile_created_at, s.participant_profile_id),
         people AS (PARTITION BY s.lead_provider_id, s.cohort_start_year > 2020 ORDER BY s.user_created_at, s.user_id);
END
$$;

SELECT rebuild_participant_list();

-- Plans for the first requests come from real statistics, not the empty table's.
ANALYZE participant_list_rows;
