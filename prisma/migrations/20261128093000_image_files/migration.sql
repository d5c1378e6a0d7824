-- AlterTable
ALTER TABLE "Layer" ADD COLUMN "bytesAdded" BIGINT;
ALTER TABLE "Layer" ADD COLUMN "bytesModified" BIGINT;
ALTER TABLE "Layer" ADD COLUMN "bytesRemoved" BIGINT;
ALTER TABLE "Layer" ADD COLUMN "compressedBytes" BIGINT;
ALTER TABLE "Layer" ADD COLUMN "diffId" TEXT;
ALTER TABLE "Layer" ADD COLUMN "filesAdded" INTEGER;
ALTER TABLE "Layer" ADD COLUMN "filesModified" INTEGER;
ALTER TABLE "Layer" ADD COLUMN "filesRemoved" INTEGER;

-- AlterTable
ALTER TABLE "Variant" ADD COLUMN "compressedBytes" BIGINT;
ALTER TABLE "Variant" ADD COLUMN "efficiency" REAL;
ALTER TABLE "Variant" ADD COLUMN "filesError" TEXT;
ALTER TABLE "Variant" ADD COLUMN "findings" TEXT;
ALTER TABLE "Variant" ADD COLUMN "largestFiles" TEXT;
ALTER TABLE "Variant" ADD COLUMN "runsAs" TEXT;
ALTER TABLE "Variant" ADD COLUMN "tree" TEXT;
ALTER TABLE "Variant" ADD COLUMN "wasted" TEXT;
ALTER TABLE "Variant" ADD COLUMN "wastedBytes" BIGINT;

-- CreateTable
CREATE TABLE "FileChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "variantId" TEXT NOT NULL,
    "layer" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "change" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    CONSTRAINT "FileChange_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "Variant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "FileChange_variantId_path_idx" ON "FileChange"("variantId", "path");
