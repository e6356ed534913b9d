-- CreateEnum
CREATE TYPE "statement_type" AS ENUM ('ecf', 'npq');

-- AlterEnum
ALTER TYPE "profile_type" ADD VALUE 'npq';

-- DropIndex
DROP INDEX "statements_lead_provider_id_cohort_id_name_key";

-- AlterTable
ALTER TABLE "participant_declarations" ADD COLUMN     "npq_participant_profile_id" UUID,
ALTER COLUMN "participant_profile_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "statements" ADD COLUMN     "statement_type" "statement_type" NOT NULL DEFAULT 'ecf';

-- CreateIndex
CREATE INDEX "participant_declarations_npq_participant_profile_id_declara_idx" ON "participant_declarations"("npq_participant_profile_id", "declaration_type");

-- CreateIndex
CREATE UNIQUE INDEX "statements_lead_provider_id_cohort_id_statement_type_name_key" ON "statements"("lead_provider_id", "cohort_id", "statement_type", "name");

-- AddForeignKey
ALTER TABLE "participant_declarations" ADD CONSTRAINT "participant_declarations_npq_participant_profile_id_fkey" FOREIGN KEY ("npq_participant_profile_id") REFERENCES "npq_participant_profiles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A declaration rests on exactly one profile: an ECF registration or an NPQ enrolment.
ALTER TABLE "participant_declarations" ADD CONSTRAINT "participant_declarations_one_profile"
  CHECK (num_nonnulls("participant_profile_id", "npq_participant_profile_id") = 1);
