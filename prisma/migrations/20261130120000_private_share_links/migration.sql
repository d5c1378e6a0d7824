-- AlterTable
ALTER TABLE "Analysis" ADD COLUMN "sharedAt" DATETIME;
ALTER TABLE "Analysis" ADD COLUMN "shareIncludeLogs" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Analysis" ADD COLUMN "shareLockedAt" DATETIME;
ALTER TABLE "Analysis" ADD COLUMN "repositoryKey" TEXT;

-- CreateIndex
CREATE INDEX "Analysis_repositoryKey_createdAt_idx" ON "Analysis"("repositoryKey", "createdAt");

-- Sharing becomes an explicit act. Until now every analysis had a live link from the
-- moment it was submitted; only a link someone made with "New link" (audited as
-- share.renew) was shared on purpose. Those stay as they are (revoked or expired ones
-- stay dead); every other analysis's link stops working.
UPDATE "Analysis" SET "sharedAt" = (
    SELECT MAX("e"."at") FROM "AuditEvent" "e" WHERE "e"."action" = 'share.renew' AND "e"."target" = "Analysis"."id"
);

-- A link an admin revoked stays locked: members cannot make a new one.
UPDATE "Analysis" SET "shareLockedAt" = (
    SELECT MAX("e"."at") FROM "AuditEvent" "e" JOIN "user" "u" ON "u"."email" = "e"."actor"
    WHERE "e"."action" = 'share.revoke' AND "e"."target" = "Analysis"."id" AND "u"."role" = 'admin'
) WHERE "shareRevokedAt" IS NOT NULL;

-- repositoryKey of existing analyses is computed by the app at start, with the same
-- code as at submission (lib/analyses/backfill-repository-keys.ts).
