-- CreateTable
CREATE TABLE "Analysis" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "sourceType" TEXT NOT NULL,
    "sourceLabel" TEXT NOT NULL,
    "sourceRef" TEXT,
    "sourceSubdir" TEXT,
    "stack" TEXT,
    "progress" TEXT,
    "shareToken" TEXT NOT NULL,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Variant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "analysisId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "dockerfile" TEXT NOT NULL,
    "baseImages" TEXT NOT NULL,
    "imageId" TEXT,
    "imageTag" TEXT,
    "sizeBytes" BIGINT,
    "buildSeconds" REAL,
    "stepCurrent" INTEGER,
    "stepTotal" INTEGER,
    "log" TEXT NOT NULL DEFAULT '',
    "error" TEXT,
    CONSTRAINT "Variant_analysisId_fkey" FOREIGN KEY ("analysisId") REFERENCES "Analysis" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Layer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "variantId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "historyId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "empty" BOOLEAN NOT NULL,
    "createdAt" DATETIME,
    CONSTRAINT "Layer_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "Variant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Analysis_shareToken_key" ON "Analysis"("shareToken");

-- CreateIndex
CREATE INDEX "Analysis_createdAt_idx" ON "Analysis"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Variant_analysisId_kind_key" ON "Variant"("analysisId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Layer_variantId_position_key" ON "Layer"("variantId", "position");
