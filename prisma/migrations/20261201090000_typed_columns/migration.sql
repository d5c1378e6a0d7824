-- Json columns are Json in the schema (Prisma's JSONB on SQLite), typed in the client
-- (lib/db/json-types.ts); the schema's enums stay TEXT on SQLite. SQLite cannot change a column's type: each table is made
-- again and its rows copied. The runner has foreign keys off while it runs (the old
-- tables' children stay) and checks them after. Text that is not JSON becomes NULL
-- (an empty string was "none" before).

CREATE TABLE "new_Repository" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT,
    "subdir" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "budget" JSONB,
    "budgetUpdatedAt" DATETIME,
    "budgetUpdatedBy" TEXT
);
INSERT INTO "new_Repository" ("id", "key", "name", "url", "subdir", "createdAt", "budget", "budgetUpdatedAt", "budgetUpdatedBy")
SELECT "id", "key", "name", "url", "subdir", "createdAt", CASE WHEN json_valid("budget") THEN "budget" END, "budgetUpdatedAt", "budgetUpdatedBy" FROM "Repository";
DROP TABLE "Repository";
ALTER TABLE "new_Repository" RENAME TO "Repository";
CREATE UNIQUE INDEX "Repository_key_key" ON "Repository"("key");
CREATE INDEX "Repository_name_idx" ON "Repository"("name");

CREATE TABLE "new_Analysis" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "sourceType" TEXT NOT NULL,
    "sourceLabel" TEXT NOT NULL,
    "sourceRef" TEXT,
    "sourceSubdir" TEXT,
    "stack" JSONB,
    "progress" JSONB,
    "options" JSONB,
    "dockerignore" TEXT,
    "notes" JSONB,
    "shareToken" TEXT NOT NULL,
    "sharedAt" DATETIME,
    "shareExpiresAt" DATETIME,
    "shareRevokedAt" DATETIME,
    "shareIncludeLogs" BOOLEAN NOT NULL DEFAULT false,
    "shareLockedAt" DATETIME,
    "repositoryKey" TEXT,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "engine" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "sourceSecret" TEXT,
    "imagesRemovedAt" DATETIME,
    "submittedBy" TEXT,
    "repositoryId" TEXT,
    "commitSha" TEXT,
    "commitSubject" TEXT,
    "verdict" JSONB,
    CONSTRAINT "Analysis_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Analysis" ("id", "createdAt", "updatedAt", "status", "error", "sourceType", "sourceLabel", "sourceRef", "sourceSubdir", "stack", "progress", "options", "dockerignore", "notes", "shareToken", "sharedAt", "shareExpiresAt", "shareRevokedAt", "shareIncludeLogs", "shareLockedAt", "repositoryKey", "startedAt", "finishedAt", "engine", "leaseOwner", "leaseUntil", "attempts", "cancelRequested", "sourceSecret", "imagesRemovedAt", "submittedBy", "repositoryId", "commitSha", "commitSubject", "verdict")
SELECT "id", "createdAt", "updatedAt", "status", "error", "sourceType", "sourceLabel", "sourceRef", "sourceSubdir", CASE WHEN json_valid("stack") THEN "stack" END, CASE WHEN json_valid("progress") THEN "progress" END, CASE WHEN json_valid("options") THEN "options" END, "dockerignore", CASE WHEN json_valid("notes") THEN "notes" END, "shareToken", "sharedAt", "shareExpiresAt", "shareRevokedAt", "shareIncludeLogs", "shareLockedAt", "repositoryKey", "startedAt", "finishedAt", "engine", "leaseOwner", "leaseUntil", "attempts", "cancelRequested", "sourceSecret", "imagesRemovedAt", "submittedBy", "repositoryId", "commitSha", "commitSubject", CASE WHEN json_valid("verdict") THEN "verdict" END FROM "Analysis";
DROP TABLE "Analysis";
ALTER TABLE "new_Analysis" RENAME TO "Analysis";
CREATE UNIQUE INDEX "Analysis_shareToken_key" ON "Analysis"("shareToken");
CREATE INDEX "Analysis_createdAt_idx" ON "Analysis"("createdAt");
CREATE INDEX "Analysis_status_createdAt_idx" ON "Analysis"("status", "createdAt");
CREATE INDEX "Analysis_repositoryKey_createdAt_idx" ON "Analysis"("repositoryKey", "createdAt");
CREATE INDEX "Analysis_submittedBy_startedAt_idx" ON "Analysis"("submittedBy", "startedAt");
CREATE INDEX "Analysis_repositoryId_createdAt_idx" ON "Analysis"("repositoryId", "createdAt");

CREATE TABLE "new_Variant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "analysisId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "builder" TEXT NOT NULL DEFAULT 'classic',
    "finalBase" TEXT,
    "platform" TEXT,
    "status" TEXT NOT NULL,
    "dockerfile" TEXT NOT NULL,
    "baseImages" JSONB NOT NULL,
    "imageId" TEXT,
    "imageTag" TEXT,
    "sizeBytes" BIGINT,
    "sizeSource" TEXT,
    "buildSeconds" REAL,
    "warmBuildSeconds" REAL,
    "stepCurrent" INTEGER,
    "stepTotal" INTEGER,
    "log" TEXT NOT NULL DEFAULT '',
    "error" TEXT,
    "compressedBytes" BIGINT,
    "compressedSource" TEXT,
    "engineFacts" JSONB,
    "engineSizes" JSONB,
    "efficiency" REAL,
    "wastedBytes" BIGINT,
    "wasted" JSONB,
    "fileIndex" BLOB,
    "tree" JSONB,
    "largestFiles" JSONB,
    "findings" JSONB,
    "runsAs" TEXT,
    "filesError" TEXT,
    CONSTRAINT "Variant_analysisId_fkey" FOREIGN KEY ("analysisId") REFERENCES "Analysis" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Variant" ("id", "analysisId", "kind", "builder", "finalBase", "platform", "status", "dockerfile", "baseImages", "imageId", "imageTag", "sizeBytes", "sizeSource", "buildSeconds", "warmBuildSeconds", "stepCurrent", "stepTotal", "log", "error", "compressedBytes", "compressedSource", "engineFacts", "engineSizes", "efficiency", "wastedBytes", "wasted", "fileIndex", "tree", "largestFiles", "findings", "runsAs", "filesError")
SELECT "id", "analysisId", "kind", "builder", "finalBase", "platform", "status", "dockerfile", CASE WHEN json_valid("baseImages") THEN "baseImages" ELSE '[]' END, "imageId", "imageTag", "sizeBytes", "sizeSource", "buildSeconds", "warmBuildSeconds", "stepCurrent", "stepTotal", "log", "error", "compressedBytes", "compressedSource", CASE WHEN json_valid("engineFacts") THEN "engineFacts" END, CASE WHEN json_valid("engineSizes") THEN "engineSizes" END, "efficiency", "wastedBytes", CASE WHEN json_valid("wasted") THEN "wasted" END, "fileIndex", CASE WHEN json_valid("tree") THEN "tree" END, CASE WHEN json_valid("largestFiles") THEN "largestFiles" END, CASE WHEN json_valid("findings") THEN "findings" END, "runsAs", "filesError" FROM "Variant";
DROP TABLE "Variant";
ALTER TABLE "new_Variant" RENAME TO "Variant";
CREATE UNIQUE INDEX "Variant_analysisId_kind_key" ON "Variant"("analysisId", "kind");
