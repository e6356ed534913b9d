-- A declaration names its participant by identity: finding the profiles of an identity read
-- every profile without this (two scans of 200k rows per declaration POST at full size).
-- CreateIndex
CREATE INDEX "participant_profiles_participant_identity_id_idx" ON "participant_profiles"("participant_identity_id");
