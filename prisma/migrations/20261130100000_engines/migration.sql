-- AlterTable
ALTER TABLE "Variant" ADD COLUMN "engineFacts" TEXT;
ALTER TABLE "Variant" ADD COLUMN "engineSizes" TEXT;
ALTER TABLE "Variant" ADD COLUMN "compressedSource" TEXT;
ALTER TABLE "Layer" ADD COLUMN "compressedSource" TEXT;

-- CreateTable
CREATE TABLE "LayerSizeCache" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "tarBytes" BIGINT NOT NULL,
    "compressedBytes" BIGINT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
