-- CreateIndex
CREATE INDEX "npq_participant_profiles_lead_provider_id_updated_at_id_idx" ON "npq_participant_profiles"("lead_provider_id", "updated_at", "id");
