-- AlterTable
ALTER TABLE "Analysis" ADD COLUMN "dockerignore" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "notes" TEXT;
ALTER TABLE "Analysis" ADD COLUMN "options" TEXT;

-- AlterTable
ALTER TABLE "Variant" ADD COLUMN "builder" TEXT NOT NULL DEFAULT 'classic';
ALTER TABLE "Variant" ADD COLUMN "finalBase" TEXT;
ALTER TABLE "Variant" ADD COLUMN "platform" TEXT;
ALTER TABLE "Variant" ADD COLUMN "warmBuildSeconds" REAL;
