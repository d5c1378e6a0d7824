-- AlterTable
ALTER TABLE "Analysis" ADD COLUMN "engine" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "leaseUntil" DATETIME;
ALTER TABLE "Analysis" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Analysis" ADD COLUMN "cancelRequested" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Analysis" ADD COLUMN "sourceSecret" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "imagesRemovedAt" DATETIME;

-- CreateTable
CREATE TABLE "Engine" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "url" TEXT NOT NULL,
    "reachable" BOOLEAN NOT NULL DEFAULT false,
    "version" TEXT,
    "reason" TEXT,
    "checkedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Analysis_status_createdAt_idx" ON "Analysis"("status", "createdAt");
