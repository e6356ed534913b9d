-- CreateEnum
CREATE TYPE "schedule_type" AS ENUM ('ecf_standard', 'ecf_reduced', 'ecf_extended', 'ecf_replacement');

-- CreateEnum
CREATE TYPE "induction_programme_choice" AS ENUM ('full_induction_programme', 'core_induction_programme', 'design_our_own', 'school_funded_fip', 'no_early_career_teachers', 'not_yet_known');

-- CreateEnum
CREATE TYPE "training_programme" AS ENUM ('full_induction_programme', 'core_induction_programme', 'design_our_own', 'school_funded_fip');

-- CreateEnum
CREATE TYPE "challenge_reason" AS ENUM ('another_provider', 'not_confirmed', 'do_not_recognise', 'no_ects', 'mistake');

-- CreateEnum
CREATE TYPE "profile_type" AS ENUM ('ect', 'mentor');

-- CreateEnum
CREATE TYPE "record_status" AS ENUM ('active', 'withdrawn');

-- CreateEnum
CREATE TYPE "training_status" AS ENUM ('active', 'deferred', 'withdrawn');

-- CreateEnum
CREATE TYPE "profile_duplicity" AS ENUM ('single', 'primary', 'secondary');

-- CreateEnum
CREATE TYPE "mentor_completion_reason" AS ENUM ('completed_declaration_received', 'completed_during_early_roll_out', 'started_not_completed');

-- CreateEnum
CREATE TYPE "eligibility_status" AS ENUM ('eligible', 'matched', 'manual_check', 'ineligible');

-- CreateEnum
CREATE TYPE "eligibility_reason" AS ENUM ('none', 'active_flags', 'previous_participation', 'previous_induction', 'no_qts', 'different_trn', 'duplicate_profile', 'exempt_from_induction', 'no_induction');

-- CreateEnum
CREATE TYPE "induction_status" AS ENUM ('active', 'withdrawn', 'changed', 'leaving', 'completed');

-- CreateEnum
CREATE TYPE "declaration_state" AS ENUM ('submitted', 'eligible', 'payable', 'paid', 'voided', 'ineligible', 'awaiting_clawback', 'clawed_back');

-- CreateEnum
CREATE TYPE "statement_status" AS ENUM ('open', 'payable', 'paid');

-- CreateTable
CREATE TABLE "lead_providers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "vat_chargeable" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lead_providers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "token_digest" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(6),
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_partners" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_partners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_relationships" (
    "id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "delivery_partner_id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "discarded_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_relationships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cohorts" (
    "id" UUID NOT NULL,
    "start_year" INTEGER NOT NULL,
    "registration_start_date" DATE NOT NULL,
    "academic_year_start_date" DATE NOT NULL,
    "automatic_assignment_period_end_date" DATE NOT NULL,
    "payments_frozen_at" TIMESTAMPTZ(6),
    "mentor_funding" BOOLEAN NOT NULL DEFAULT false,
    "detailed_evidence_types" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cohorts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedules" (
    "id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "schedule_identifier" TEXT NOT NULL,
    "identifier_alias" TEXT,
    "name" TEXT NOT NULL,
    "schedule_type" "schedule_type" NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "milestones" (
    "id" UUID NOT NULL,
    "schedule_id" UUID NOT NULL,
    "declaration_type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "start_date" DATE NOT NULL,
    "milestone_date" DATE,
    "payment_date" DATE,

    CONSTRAINT "milestones_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schools" (
    "id" UUID NOT NULL,
    "urn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "school_status_code" INTEGER NOT NULL,
    "school_type_code" INTEGER NOT NULL,
    "administrative_district_code" TEXT NOT NULL,
    "section_41_approved" BOOLEAN NOT NULL DEFAULT false,
    "eligible" BOOLEAN NOT NULL,
    "cip_only" BOOLEAN NOT NULL,
    "induction_tutor_name" TEXT,
    "induction_tutor_email" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "school_cohorts" (
    "id" UUID NOT NULL,
    "school_id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "induction_programme_choice" "induction_programme_choice" NOT NULL DEFAULT 'not_yet_known',
    "default_induction_programme_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "school_cohorts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partnerships" (
    "id" UUID NOT NULL,
    "school_id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "delivery_partner_id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "challenged_at" TIMESTAMPTZ(6),
    "challenge_reason" "challenge_reason",
    "challenge_deadline" TIMESTAMPTZ(6),
    "pending" BOOLEAN NOT NULL DEFAULT false,
    "relationship" BOOLEAN NOT NULL DEFAULT false,
    "report_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partnerships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "induction_programmes" (
    "id" UUID NOT NULL,
    "school_cohort_id" UUID NOT NULL,
    "partnership_id" UUID,
    "training_programme" "training_programme" NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "induction_programmes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "full_name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teacher_profiles" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "trn" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teacher_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participant_identities" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "external_identifier" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participant_identities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participant_profiles" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "participant_identity_id" UUID NOT NULL,
    "profile_type" "profile_type" NOT NULL,
    "school_cohort_id" UUID NOT NULL,
    "schedule_id" UUID NOT NULL,
    "status" "record_status" NOT NULL DEFAULT 'active',
    "training_status" "training_status" NOT NULL DEFAULT 'active',
    "pupil_premium_uplift" BOOLEAN NOT NULL DEFAULT false,
    "sparsity_uplift" BOOLEAN NOT NULL DEFAULT false,
    "induction_start_date" DATE,
    "induction_completion_date" DATE,
    "mentor_completion_date" DATE,
    "mentor_completion_reason" "mentor_completion_reason",
    "cohort_changed_after_payments_frozen" BOOLEAN NOT NULL DEFAULT false,
    "profile_duplicity" "profile_duplicity" NOT NULL DEFAULT 'single',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participant_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ecf_participant_eligibilities" (
    "id" UUID NOT NULL,
    "participant_profile_id" UUID NOT NULL,
    "status" "eligibility_status" NOT NULL,
    "reason" "eligibility_reason" NOT NULL DEFAULT 'none',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ecf_participant_eligibilities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "induction_records" (
    "id" UUID NOT NULL,
    "participant_profile_id" UUID NOT NULL,
    "induction_programme_id" UUID NOT NULL,
    "schedule_id" UUID NOT NULL,
    "mentor_profile_id" UUID,
    "preferred_identity_id" UUID,
    "start_date" TIMESTAMPTZ(6) NOT NULL,
    "end_date" TIMESTAMPTZ(6),
    "training_status" "training_status" NOT NULL DEFAULT 'active',
    "induction_status" "induction_status" NOT NULL DEFAULT 'active',
    "school_transfer" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "induction_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participant_profile_states" (
    "id" UUID NOT NULL,
    "participant_profile_id" UUID NOT NULL,
    "lead_provider_id" UUID,
    "state" "training_status" NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participant_profile_states_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participant_profile_schedules" (
    "id" UUID NOT NULL,
    "participant_profile_id" UUID NOT NULL,
    "schedule_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participant_profile_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participant_id_changes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "from_participant_id" UUID NOT NULL,
    "to_participant_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participant_id_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participant_visibility" (
    "lead_provider_id" UUID NOT NULL,
    "participant_profile_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "induction_record_id" UUID NOT NULL,
    "profile_type" "profile_type" NOT NULL,
    "cohort_start_year" INTEGER NOT NULL,
    "training_status" "training_status" NOT NULL,
    "user_created_at" TIMESTAMPTZ(6) NOT NULL,
    "user_updated_at" TIMESTAMPTZ(6) NOT NULL,
    "profile_created_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "participant_visibility_pkey" PRIMARY KEY ("lead_provider_id","participant_profile_id")
);

-- CreateTable
CREATE TABLE "participant_declarations" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "participant_profile_id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "profile_type" "profile_type" NOT NULL,
    "declaration_type" TEXT NOT NULL,
    "declaration_date" TIMESTAMPTZ(6) NOT NULL,
    "course_identifier" TEXT NOT NULL,
    "evidence_held" TEXT,
    "state" "declaration_state" NOT NULL,
    "state_reason" TEXT,
    "superseded_by_id" UUID,
    "pupil_premium_uplift" BOOLEAN NOT NULL DEFAULT false,
    "sparsity_uplift" BOOLEAN NOT NULL DEFAULT false,
    "delivery_partner_id" UUID,
    "mentor_user_id" UUID,
    "voided_at" TIMESTAMPTZ(6),
    "billable_slot" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participant_declarations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "declaration_state_changes" (
    "id" UUID NOT NULL,
    "participant_declaration_id" UUID NOT NULL,
    "from_state" "declaration_state",
    "state" "declaration_state" NOT NULL,
    "state_reason" TEXT,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "declaration_state_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "declaration_attempts" (
    "id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "user_id" UUID,
    "participant_declaration_id" UUID,
    "declaration_type" TEXT,
    "declaration_date" TEXT,
    "course_identifier" TEXT,
    "evidence_held" TEXT,
    "outcome" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "declaration_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statements" (
    "id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "deadline_date" DATE NOT NULL,
    "payment_date" DATE NOT NULL,
    "output_fee" BOOLEAN NOT NULL DEFAULT true,
    "status" "statement_status" NOT NULL DEFAULT 'open',
    "contract_version" TEXT NOT NULL DEFAULT '0.0.1',
    "reconcile_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "marked_as_paid_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "statements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statement_line_items" (
    "id" UUID NOT NULL,
    "statement_id" UUID NOT NULL,
    "participant_declaration_id" UUID NOT NULL,
    "state" "declaration_state" NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "statement_line_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_off_contracts" (
    "id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "version" TEXT NOT NULL DEFAULT '0.0.1',
    "recruitment_target" INTEGER NOT NULL,
    "set_up_fee" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "uplift_amount" DECIMAL(12,2),
    "uplift_target" DECIMAL(5,4),
    "monthly_service_fee" DECIMAL(12,2),
    "mentor_payment_per_participant" DECIMAL(12,2),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_off_contracts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participant_bands" (
    "id" UUID NOT NULL,
    "call_off_contract_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "min" INTEGER NOT NULL,
    "max" INTEGER,
    "per_participant" DECIMAL(12,2) NOT NULL,
    "output_payment_percentage" INTEGER NOT NULL DEFAULT 60,
    "service_fee_percentage" INTEGER NOT NULL DEFAULT 40,

    CONSTRAINT "participant_bands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_audits" (
    "id" UUID NOT NULL,
    "lead_provider_id" UUID,
    "token_id" UUID,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "operation_id" TEXT,
    "status_code" INTEGER NOT NULL,
    "request_body" JSONB,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_audits_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "lead_providers_name_key" ON "lead_providers"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_digest_key" ON "api_tokens"("token_digest");

-- CreateIndex
CREATE INDEX "api_tokens_lead_provider_id_idx" ON "api_tokens"("lead_provider_id");

-- CreateIndex
CREATE INDEX "delivery_partners_created_at_id_idx" ON "delivery_partners"("created_at", "id");

-- CreateIndex
CREATE INDEX "provider_relationships_delivery_partner_id_idx" ON "provider_relationships"("delivery_partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "provider_relationships_lead_provider_id_delivery_partner_id_key" ON "provider_relationships"("lead_provider_id", "delivery_partner_id", "cohort_id");

-- CreateIndex
CREATE UNIQUE INDEX "cohorts_start_year_key" ON "cohorts"("start_year");

-- CreateIndex
CREATE UNIQUE INDEX "schedules_cohort_id_schedule_identifier_key" ON "schedules"("cohort_id", "schedule_identifier");

-- CreateIndex
CREATE UNIQUE INDEX "milestones_schedule_id_declaration_type_key" ON "milestones"("schedule_id", "declaration_type");

-- CreateIndex
CREATE UNIQUE INDEX "schools_urn_key" ON "schools"("urn");

-- CreateIndex
CREATE INDEX "schools_created_at_id_idx" ON "schools"("created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "school_cohorts_default_induction_programme_id_key" ON "school_cohorts"("default_induction_programme_id");

-- CreateIndex
CREATE INDEX "school_cohorts_cohort_id_idx" ON "school_cohorts"("cohort_id");

-- CreateIndex
CREATE UNIQUE INDEX "school_cohorts_school_id_cohort_id_key" ON "school_cohorts"("school_id", "cohort_id");

-- CreateIndex
CREATE INDEX "partnerships_lead_provider_id_created_at_id_idx" ON "partnerships"("lead_provider_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "partnerships_school_id_cohort_id_idx" ON "partnerships"("school_id", "cohort_id");

-- CreateIndex
CREATE UNIQUE INDEX "partnerships_school_id_lead_provider_id_delivery_partner_id_key" ON "partnerships"("school_id", "lead_provider_id", "delivery_partner_id", "cohort_id");

-- CreateIndex
CREATE INDEX "induction_programmes_school_cohort_id_idx" ON "induction_programmes"("school_cohort_id");

-- CreateIndex
CREATE INDEX "induction_programmes_partnership_id_idx" ON "induction_programmes"("partnership_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_created_at_id_idx" ON "users"("created_at", "id");

-- CreateIndex
CREATE INDEX "users_updated_at_id_idx" ON "users"("updated_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "teacher_profiles_user_id_key" ON "teacher_profiles"("user_id");

-- CreateIndex
CREATE INDEX "teacher_profiles_trn_idx" ON "teacher_profiles"("trn");

-- CreateIndex
CREATE UNIQUE INDEX "participant_identities_external_identifier_key" ON "participant_identities"("external_identifier");

-- CreateIndex
CREATE UNIQUE INDEX "participant_identities_email_key" ON "participant_identities"("email");

-- CreateIndex
CREATE INDEX "participant_identities_user_id_idx" ON "participant_identities"("user_id");

-- CreateIndex
CREATE INDEX "participant_profiles_user_id_idx" ON "participant_profiles"("user_id");

-- CreateIndex
CREATE INDEX "participant_profiles_school_cohort_id_idx" ON "participant_profiles"("school_cohort_id");

-- CreateIndex
CREATE UNIQUE INDEX "ecf_participant_eligibilities_participant_profile_id_key" ON "ecf_participant_eligibilities"("participant_profile_id");

-- CreateIndex
CREATE INDEX "induction_records_participant_profile_id_idx" ON "induction_records"("participant_profile_id");

-- CreateIndex
CREATE INDEX "induction_records_induction_programme_id_idx" ON "induction_records"("induction_programme_id");

-- CreateIndex
CREATE INDEX "induction_records_mentor_profile_id_idx" ON "induction_records"("mentor_profile_id");

-- CreateIndex
CREATE INDEX "participant_profile_states_participant_profile_id_lead_prov_idx" ON "participant_profile_states"("participant_profile_id", "lead_provider_id", "created_at");

-- CreateIndex
CREATE INDEX "participant_profile_schedules_participant_profile_id_idx" ON "participant_profile_schedules"("participant_profile_id");

-- CreateIndex
CREATE INDEX "participant_id_changes_user_id_idx" ON "participant_id_changes"("user_id");

-- CreateIndex
CREATE INDEX "participant_id_changes_from_participant_id_idx" ON "participant_id_changes"("from_participant_id");

-- CreateIndex
CREATE INDEX "participant_visibility_lead_provider_id_user_created_at_use_idx" ON "participant_visibility"("lead_provider_id", "user_created_at", "user_id");

-- CreateIndex
CREATE INDEX "participant_visibility_lead_provider_id_user_updated_at_use_idx" ON "participant_visibility"("lead_provider_id", "user_updated_at", "user_id");

-- CreateIndex
CREATE INDEX "participant_visibility_user_id_idx" ON "participant_visibility"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "participant_declarations_billable_slot_key" ON "participant_declarations"("billable_slot");

-- CreateIndex
CREATE INDEX "participant_declarations_lead_provider_id_created_at_id_idx" ON "participant_declarations"("lead_provider_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "participant_declarations_participant_profile_id_declaration_idx" ON "participant_declarations"("participant_profile_id", "declaration_type");

-- CreateIndex
CREATE INDEX "participant_declarations_user_id_idx" ON "participant_declarations"("user_id");

-- CreateIndex
CREATE INDEX "declaration_state_changes_participant_declaration_id_idx" ON "declaration_state_changes"("participant_declaration_id");

-- CreateIndex
CREATE INDEX "declaration_attempts_lead_provider_id_created_at_idx" ON "declaration_attempts"("lead_provider_id", "created_at");

-- CreateIndex
CREATE INDEX "statements_lead_provider_id_payment_date_idx" ON "statements"("lead_provider_id", "payment_date");

-- CreateIndex
CREATE UNIQUE INDEX "statements_lead_provider_id_cohort_id_name_key" ON "statements"("lead_provider_id", "cohort_id", "name");

-- CreateIndex
CREATE INDEX "statement_line_items_statement_id_state_idx" ON "statement_line_items"("statement_id", "state");

-- CreateIndex
CREATE INDEX "statement_line_items_participant_declaration_id_idx" ON "statement_line_items"("participant_declaration_id");

-- CreateIndex
CREATE UNIQUE INDEX "call_off_contracts_lead_provider_id_cohort_id_version_key" ON "call_off_contracts"("lead_provider_id", "cohort_id", "version");

-- CreateIndex
CREATE INDEX "participant_bands_call_off_contract_id_idx" ON "participant_bands"("call_off_contract_id");

-- CreateIndex
CREATE INDEX "api_audits_lead_provider_id_created_at_idx" ON "api_audits"("lead_provider_id", "created_at");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_relationships" ADD CONSTRAINT "provider_relationships_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_relationships" ADD CONSTRAINT "provider_relationships_delivery_partner_id_fkey" FOREIGN KEY ("delivery_partner_id") REFERENCES "delivery_partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_relationships" ADD CONSTRAINT "provider_relationships_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "school_cohorts" ADD CONSTRAINT "school_cohorts_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "school_cohorts" ADD CONSTRAINT "school_cohorts_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "school_cohorts" ADD CONSTRAINT "school_cohorts_default_induction_programme_id_fkey" FOREIGN KEY ("default_induction_programme_id") REFERENCES "induction_programmes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_delivery_partner_id_fkey" FOREIGN KEY ("delivery_partner_id") REFERENCES "delivery_partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "induction_programmes" ADD CONSTRAINT "induction_programmes_school_cohort_id_fkey" FOREIGN KEY ("school_cohort_id") REFERENCES "school_cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "induction_programmes" ADD CONSTRAINT "induction_programmes_partnership_id_fkey" FOREIGN KEY ("partnership_id") REFERENCES "partnerships"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teacher_profiles" ADD CONSTRAINT "teacher_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_identities" ADD CONSTRAINT "participant_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_profiles" ADD CONSTRAINT "participant_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_profiles" ADD CONSTRAINT "participant_profiles_participant_identity_id_fkey" FOREIGN KEY ("participant_identity_id") REFERENCES "participant_identities"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_profiles" ADD CONSTRAINT "participant_profiles_school_cohort_id_fkey" FOREIGN KEY ("school_cohort_id") REFERENCES "school_cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_profiles" ADD CONSTRAINT "participant_profiles_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ecf_participant_eligibilities" ADD CONSTRAINT "ecf_participant_eligibilities_participant_profile_id_fkey" FOREIGN KEY ("participant_profile_id") REFERENCES "participant_profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "induction_records" ADD CONSTRAINT "induction_records_participant_profile_id_fkey" FOREIGN KEY ("participant_profile_id") REFERENCES "participant_profiles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "induction_records" ADD CONSTRAINT "induction_records_induction_programme_id_fkey" FOREIGN KEY ("induction_programme_id") REFERENCES "induction_programmes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "induction_records" ADD CONSTRAINT "induction_records_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "induction_records" ADD CONSTRAINT "induction_records_mentor_profile_id_fkey" FOREIGN KEY ("mentor_profile_id") REFERENCES "participant_profiles"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "induction_records" ADD CONSTRAINT "induction_records_preferred_identity_id_fkey" FOREIGN KEY ("preferred_identity_id") REFERENCES "participant_identities"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_profile_states" ADD CONSTRAINT "participant_profile_states_participant_profile_id_fkey" FOREIGN KEY ("participant_profile_id") REFERENCES "participant_profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_profile_states" ADD CONSTRAINT "participant_profile_states_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_profile_schedules" ADD CONSTRAINT "participant_profile_schedules_participant_profile_id_fkey" FOREIGN KEY ("participant_profile_id") REFERENCES "participant_profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_profile_schedules" ADD CONSTRAINT "participant_profile_schedules_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_id_changes" ADD CONSTRAINT "participant_id_changes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_visibility" ADD CONSTRAINT "participant_visibility_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_visibility" ADD CONSTRAINT "participant_visibility_participant_profile_id_fkey" FOREIGN KEY ("participant_profile_id") REFERENCES "participant_profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_visibility" ADD CONSTRAINT "participant_visibility_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_declarations" ADD CONSTRAINT "participant_declarations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_declarations" ADD CONSTRAINT "participant_declarations_participant_profile_id_fkey" FOREIGN KEY ("participant_profile_id") REFERENCES "participant_profiles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_declarations" ADD CONSTRAINT "participant_declarations_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_declarations" ADD CONSTRAINT "participant_declarations_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_declarations" ADD CONSTRAINT "participant_declarations_delivery_partner_id_fkey" FOREIGN KEY ("delivery_partner_id") REFERENCES "delivery_partners"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_declarations" ADD CONSTRAINT "participant_declarations_mentor_user_id_fkey" FOREIGN KEY ("mentor_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_declarations" ADD CONSTRAINT "participant_declarations_superseded_by_id_fkey" FOREIGN KEY ("superseded_by_id") REFERENCES "participant_declarations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_state_changes" ADD CONSTRAINT "declaration_state_changes_participant_declaration_id_fkey" FOREIGN KEY ("participant_declaration_id") REFERENCES "participant_declarations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statements" ADD CONSTRAINT "statements_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statements" ADD CONSTRAINT "statements_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statement_line_items" ADD CONSTRAINT "statement_line_items_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statement_line_items" ADD CONSTRAINT "statement_line_items_participant_declaration_id_fkey" FOREIGN KEY ("participant_declaration_id") REFERENCES "participant_declarations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_off_contracts" ADD CONSTRAINT "call_off_contracts_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_off_contracts" ADD CONSTRAINT "call_off_contracts_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_bands" ADD CONSTRAINT "participant_bands_call_off_contract_id_fkey" FOREIGN KEY ("call_off_contract_id") REFERENCES "call_off_contracts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_audits" ADD CONSTRAINT "api_audits_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
