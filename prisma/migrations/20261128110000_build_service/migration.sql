-- AlterTable
ALTER TABLE "Analysis" ADD COLUMN "engine" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "leaseUntil" DATETIME;
ALTER TABLE "Analysis" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Analysis" ADD COLUMN "cancelRequested" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Analysis" ADD COLUMN "sourceSecret" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "imagesRemovedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Analysis_status_createdAt_idx" ON "Analysis"("status", "createdAt");
