-- AlterTable
ALTER TABLE "Variant" ADD COLUMN "engineFacts" TEXT;
ALTER TABLE "Variant" ADD COLUMN "engineSizes" TEXT;
ALTER TABLE "Variant" ADD COLUMN "compressedSource" TEXT;
ALTER TABLE "Layer" ADD COLUMN "compressedSource" TEXT;
