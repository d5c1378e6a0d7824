-- repositories: every analysis belongs to one (its repositoryKey), with its commit and its verdict
CREATE TABLE "Repository" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT,
    "subdir" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "budget" TEXT,
    "budgetUpdatedAt" DATETIME,
    "budgetUpdatedBy" TEXT
);
CREATE UNIQUE INDEX "Repository_key_key" ON "Repository"("key");
CREATE INDEX "Repository_name_idx" ON "Repository"("name");

ALTER TABLE "Analysis" ADD COLUMN "repositoryId" TEXT REFERENCES "Repository" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Analysis" ADD COLUMN "commitSha" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "commitSubject" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "verdict" TEXT;
CREATE INDEX "Analysis_repositoryId_createdAt_idx" ON "Analysis"("repositoryId", "createdAt");

-- the repositories of the analyses already stored, named after their first analysis
INSERT INTO "Repository" ("id", "key", "name", "subdir", "createdAt")
SELECT lower(hex(randomblob(12))), "repositoryKey", MIN("sourceLabel"), MIN("sourceSubdir"), MIN("createdAt")
FROM "Analysis" WHERE "repositoryKey" IS NOT NULL GROUP BY "repositoryKey";
UPDATE "Analysis" SET "repositoryId" = (SELECT "id" FROM "Repository" WHERE "Repository"."key" = "Analysis"."repositoryKey") WHERE "repositoryKey" IS NOT NULL;
