-- AlterTable
ALTER TABLE "Analysis" ADD COLUMN "shareExpiresAt" DATETIME;
ALTER TABLE "Analysis" ADD COLUMN "shareRevokedAt" DATETIME;
