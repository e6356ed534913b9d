-- AlterTable
ALTER TABLE "participant_visibility" ADD COLUMN     "mentor_profile_id" UUID,
ADD COLUMN     "mentor_user_id" UUID;

-- CreateIndex
CREATE INDEX "induction_records_induction_status_idx" ON "induction_records"("induction_status");

-- CreateIndex
CREATE INDEX "induction_records_school_transfer_idx" ON "induction_records"("school_transfer");

-- CreateIndex
CREATE INDEX "participant_visibility_lead_provider_id_mentor_profile_id_idx" ON "participant_visibility"("lead_provider_id", "mentor_profile_id");
