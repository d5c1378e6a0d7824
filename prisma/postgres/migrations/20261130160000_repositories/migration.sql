-- repositories: every analysis belongs to one (its repositoryKey), with its commit and its verdict
CREATE TABLE "Repository" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT,
    "subdir" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "budget" TEXT,
    "budgetUpdatedAt" TIMESTAMP(3),
    "budgetUpdatedBy" TEXT,
    CONSTRAINT "Repository_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Repository_key_key" ON "Repository"("key");
CREATE INDEX "Repository_name_idx" ON "Repository"("name");

ALTER TABLE "Analysis" ADD COLUMN "repositoryId" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "commitSha" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "commitSubject" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "verdict" TEXT;
CREATE INDEX "Analysis_repositoryId_createdAt_idx" ON "Analysis"("repositoryId", "createdAt");
ALTER TABLE "Analysis" ADD CONSTRAINT "Analysis_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- the repositories of the analyses already stored, named after their first analysis
INSERT INTO "Repository" ("id", "key", "name", "subdir", "createdAt")
SELECT substr(md5(random()::text || "repositoryKey"), 1, 24), "repositoryKey", MIN("sourceLabel"), MIN("sourceSubdir"), MIN("createdAt")
FROM "Analysis" WHERE "repositoryKey" IS NOT NULL GROUP BY "repositoryKey";
UPDATE "Analysis" SET "repositoryId" = "Repository"."id" FROM "Repository" WHERE "Repository"."key" = "Analysis"."repositoryKey";
