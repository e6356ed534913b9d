-- CreateTable
CREATE TABLE "declaration_shares" (
    "lead_provider_id" UUID NOT NULL,
    "participant_declaration_id" UUID NOT NULL,
    "participant_profile_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL,
    "active_or_completed" BOOLEAN NOT NULL,

    CONSTRAINT "declaration_shares_pkey" PRIMARY KEY ("lead_provider_id","participant_declaration_id")
);

-- CreateIndex
CREATE INDEX "declaration_shares_lead_provider_id_created_at_participant__idx" ON "declaration_shares"("lead_provider_id", "created_at", "participant_declaration_id");

-- CreateIndex
CREATE INDEX "declaration_shares_participant_profile_id_idx" ON "declaration_shares"("participant_profile_id");

-- Which other providers' declarations a provider sees: a live (submitted, eligible, payable or
-- paid) ECF declaration, for a registration with a record under one of the viewer's partnerships
-- that is active or completed, or leaving and ending on or after the declaration's date (the v3
-- rule; v1 and v2 take only the rows whose record is active or completed). A condition on
-- participant_profile_id is pushed inside the grouping, so a refresh reads only those records.
CREATE VIEW "declaration_shares_source" AS
SELECT p.lead_provider_id, d.id AS participant_declaration_id, d.participant_profile_id, d.created_at,
       bool_or(ir.induction_status IN ('active', 'completed')) AS active_or_completed
  FROM participant_declarations d
  JOIN induction_records ir ON ir.participant_profile_id = d.participant_profile_id
  JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
  JOIN partnerships p ON p.id = ip.partnership_id AND p.lead_provider_id <> d.lead_provider_id
 WHERE d.state IN ('submitted', 'eligible', 'payable', 'paid')
   AND (ir.induction_status IN ('active', 'completed')
        OR (ir.induction_status = 'leaving' AND (ir.end_date IS NULL OR d.declaration_date <= ir.end_date)))
 GROUP BY p.lead_provider_id, d.id, d.participant_profile_id, d.created_at;

CREATE FUNCTION "refresh_declaration_shares"(profiles uuid[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM declaration_shares WHERE participant_profile_id = ANY(profiles);
  INSERT INTO declaration_shares (lead_provider_id, participant_declaration_id, participant_profile_id, created_at, active_or_completed)
    SELECT lead_provider_id, participant_declaration_id, participant_profile_id, created_at, active_or_completed
      FROM declaration_shares_source WHERE participant_profile_id = ANY(profiles);
$$;

CREATE FUNCTION "rebuild_declaration_shares"() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM declaration_shares;
  INSERT INTO declaration_shares (lead_provider_id, participant_declaration_id, participant_profile_id, created_at, active_or_completed)
    SELECT lead_provider_id, participant_declaration_id, participant_profile_id, created_at, active_or_completed
      FROM declaration_shares_source;
$$;

-- Statement triggers: one refresh per writing statement, over the registrations it touched (a
-- bulk load or a payment run refreshes once, set-based). Old and new rows both count, so a
-- declaration or record moved to another registration leaves the first one refreshed too.
CREATE FUNCTION "declaration_shares_after_profile_rows"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  profiles uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    profiles := ARRAY(SELECT DISTINCT participant_profile_id FROM new_rows WHERE participant_profile_id IS NOT NULL);
  ELSIF TG_OP = 'UPDATE' THEN
    profiles := ARRAY(SELECT participant_profile_id FROM new_rows WHERE participant_profile_id IS NOT NULL
                      UNION SELECT participant_profile_id FROM old_rows WHERE participant_profile_id IS NOT NULL);
  ELSE
    profiles := ARRAY(SELECT DISTINCT participant_profile_id FROM old_rows WHERE participant_profile_id IS NOT NULL);
  END IF;
  IF cardinality(profiles) > 0 THEN
    PERFORM refresh_declaration_shares(profiles);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "declaration_shares_declarations_insert" AFTER INSERT ON "participant_declarations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION declaration_shares_after_profile_rows();
CREATE TRIGGER "declaration_shares_declarations_update" AFTER UPDATE ON "participant_declarations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION declaration_shares_after_profile_rows();
CREATE TRIGGER "declaration_shares_declarations_delete" AFTER DELETE ON "participant_declarations"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION declaration_shares_after_profile_rows();
CREATE TRIGGER "declaration_shares_records_insert" AFTER INSERT ON "induction_records"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION declaration_shares_after_profile_rows();
CREATE TRIGGER "declaration_shares_records_update" AFTER UPDATE ON "induction_records"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION declaration_shares_after_profile_rows();
CREATE TRIGGER "declaration_shares_records_delete" AFTER DELETE ON "induction_records"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION declaration_shares_after_profile_rows();

-- A programme moved to another partnership moves every record on it.
CREATE FUNCTION "declaration_shares_after_programmes"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  profiles uuid[];
BEGIN
  profiles := ARRAY(SELECT DISTINCT ir.participant_profile_id FROM induction_records ir
                     WHERE ir.induction_programme_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                                          WHERE n.partnership_id IS DISTINCT FROM o.partnership_id));
  IF cardinality(profiles) > 0 THEN
    PERFORM refresh_declaration_shares(profiles);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "declaration_shares_programmes_update" AFTER UPDATE ON "induction_programmes"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION declaration_shares_after_programmes();

SELECT rebuild_declaration_shares();
