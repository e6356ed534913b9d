-- CreateEnum
CREATE TYPE "npq_outcome_state" AS ENUM ('passed', 'failed', 'voided');

-- CreateTable
CREATE TABLE "npq_participant_outcomes" (
    "id" UUID NOT NULL,
    "participant_declaration_id" UUID NOT NULL,
    "lead_provider_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "state" "npq_outcome_state" NOT NULL,
    "completion_date" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "npq_participant_outcomes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "npq_participant_outcomes_lead_provider_id_created_at_id_idx" ON "npq_participant_outcomes"("lead_provider_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "npq_participant_outcomes_user_id_lead_provider_id_idx" ON "npq_participant_outcomes"("user_id", "lead_provider_id");

-- CreateIndex
CREATE INDEX "npq_participant_outcomes_participant_declaration_id_created_idx" ON "npq_participant_outcomes"("participant_declaration_id", "created_at");

-- AddForeignKey
ALTER TABLE "npq_participant_outcomes" ADD CONSTRAINT "npq_participant_outcomes_participant_declaration_id_fkey" FOREIGN KEY ("participant_declaration_id") REFERENCES "participant_declarations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
