-- The run check of each image (lib/docker/run-check.ts).
ALTER TABLE "Variant" ADD COLUMN "runCheck" JSONB;
