-- The claim orders queued jobs by their submitter's running and last started jobs.
CREATE INDEX "Analysis_submittedBy_startedAt_idx" ON "Analysis"("submittedBy", "startedAt");
