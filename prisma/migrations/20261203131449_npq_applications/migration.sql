-- CreateEnum
CREATE TYPE "npq_course_group" AS ENUM ('leadership', 'specialist', 'ehco', 'aso');

-- CreateEnum
CREATE TYPE "npq_application_status" AS ENUM ('pending', 'accepted', 'rejected');

-- CreateEnum
CREATE TYPE "headteacher_status" AS ENUM ('no', 'yes_when_course_starts', 'yes_in_first_two_years', 'yes_over_two_years', 'yes_in_first_five_years', 'yes_over_five_years');

-- CreateEnum
CREATE TYPE "funding_choice" AS ENUM ('school', 'trust', 'self', 'another', 'employer');

-- CreateTable
CREATE TABLE "npq_courses" (
    "id" UUID NOT NULL,
    "identifier" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "course_group" "npq_course_group" NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "npq_courses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "npq_schedules" (
    "id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "schedule_identifier" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "course_group" "npq_course_group" NOT NULL,
    "start_date" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "npq_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "npq_contracts" (
    "id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "npq_course_id" UUID NOT NULL,
    "version" TEXT NOT NULL DEFAULT '0.0.1',
    "recruitment_target" INTEGER NOT NULL,
    "funding_cap" INTEGER,
    "per_participant" DECIMAL(12,2) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "npq_contracts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "npq_applications" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "npq_course_id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "status" "npq_application_status" NOT NULL DEFAULT 'pending',
    "teacher_reference_number" TEXT,
    "trn_verified" BOOLEAN NOT NULL DEFAULT false,
    "works_in_school" BOOLEAN,
    "employer_name" TEXT,
    "employment_role" TEXT,
    "school_urn" TEXT,
    "school_ukprn" TEXT,
    "private_childcare_provider_urn" TEXT,
    "headteacher_status" "headteacher_status",
    "eligible_for_funding" BOOLEAN NOT NULL DEFAULT false,
    "funded_place" BOOLEAN,
    "funding_choice" "funding_choice",
    "targeted_delivery_funding_eligibility" BOOLEAN NOT NULL DEFAULT false,
    "teacher_catchment" TEXT,
    "teacher_catchment_country" TEXT,
    "teacher_catchment_iso_country_code" VARCHAR(3),
    "itt_provider" TEXT,
    "lead_mentor" BOOLEAN,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "npq_applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "npq_participant_profiles" (
    "id" UUID NOT NULL,
    "npq_application_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "npq_course_id" UUID NOT NULL,
    "cohort_id" UUID NOT NULL,
    "npq_schedule_id" UUID NOT NULL,
    "training_status" "training_status" NOT NULL DEFAULT 'active',
    "school_urn" TEXT,
    "school_ukprn" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "npq_participant_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "npq_profile_states" (
    "id" UUID NOT NULL,
    "npq_participant_profile_id" UUID NOT NULL,
    "lead_provider_id" UUID,
    "state" "training_status" NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "npq_profile_states_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "npq_courses_identifier_key" ON "npq_courses"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "npq_schedules_cohort_id_schedule_identifier_key" ON "npq_schedules"("cohort_id", "schedule_identifier");

-- CreateIndex
CREATE UNIQUE INDEX "npq_contracts_lead_provider_id_cohort_id_npq_course_id_vers_key" ON "npq_contracts"("lead_provider_id", "cohort_id", "npq_course_id", "version");

-- CreateIndex
CREATE INDEX "npq_applications_lead_provider_id_created_at_id_idx" ON "npq_applications"("lead_provider_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "npq_applications_lead_provider_id_updated_at_id_idx" ON "npq_applications"("lead_provider_id", "updated_at", "id");

-- CreateIndex
CREATE INDEX "npq_applications_user_id_npq_course_id_idx" ON "npq_applications"("user_id", "npq_course_id");

-- CreateIndex
CREATE UNIQUE INDEX "npq_participant_profiles_npq_application_id_key" ON "npq_participant_profiles"("npq_application_id");

-- CreateIndex
CREATE INDEX "npq_participant_profiles_lead_provider_id_created_at_id_idx" ON "npq_participant_profiles"("lead_provider_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "npq_participant_profiles_user_id_idx" ON "npq_participant_profiles"("user_id");

-- CreateIndex
CREATE INDEX "npq_participant_profiles_updated_at_idx" ON "npq_participant_profiles"("updated_at");

-- CreateIndex
CREATE INDEX "npq_profile_states_npq_participant_profile_id_created_at_idx" ON "npq_profile_states"("npq_participant_profile_id", "created_at");

-- AddForeignKey
ALTER TABLE "npq_schedules" ADD CONSTRAINT "npq_schedules_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_contracts" ADD CONSTRAINT "npq_contracts_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_contracts" ADD CONSTRAINT "npq_contracts_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_contracts" ADD CONSTRAINT "npq_contracts_npq_course_id_fkey" FOREIGN KEY ("npq_course_id") REFERENCES "npq_courses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_applications" ADD CONSTRAINT "npq_applications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_applications" ADD CONSTRAINT "npq_applications_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_applications" ADD CONSTRAINT "npq_applications_npq_course_id_fkey" FOREIGN KEY ("npq_course_id") REFERENCES "npq_courses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_applications" ADD CONSTRAINT "npq_applications_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_participant_profiles" ADD CONSTRAINT "npq_participant_profiles_npq_application_id_fkey" FOREIGN KEY ("npq_application_id") REFERENCES "npq_applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_participant_profiles" ADD CONSTRAINT "npq_participant_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_participant_profiles" ADD CONSTRAINT "npq_participant_profiles_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_participant_profiles" ADD CONSTRAINT "npq_participant_profiles_npq_course_id_fkey" FOREIGN KEY ("npq_course_id") REFERENCES "npq_courses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_participant_profiles" ADD CONSTRAINT "npq_participant_profiles_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_participant_profiles" ADD CONSTRAINT "npq_participant_profiles_npq_schedule_id_fkey" FOREIGN KEY ("npq_schedule_id") REFERENCES "npq_schedules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_profile_states" ADD CONSTRAINT "npq_profile_states_npq_participant_profile_id_fkey" FOREIGN KEY ("npq_participant_profile_id") REFERENCES "npq_participant_profiles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "npq_profile_states" ADD CONSTRAINT "npq_profile_states_lead_provider_id_fkey" FOREIGN KEY ("lead_provider_id") REFERENCES "lead_providers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
