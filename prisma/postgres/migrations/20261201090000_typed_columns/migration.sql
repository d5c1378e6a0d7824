-- Statuses, builders, size sources and invite roles are enums, and Json columns JSONB, as the schema
-- says (typed in the client: lib/db/json-types.ts). Text that is not JSON becomes NULL
-- (an empty string was "none" before).

CREATE TYPE "AnalysisStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'canceled');
CREATE TYPE "VariantStatus" AS ENUM ('pending', 'building', 'succeeded', 'failed', 'canceled');
CREATE TYPE "Builder" AS ENUM ('classic', 'buildkit', 'buildah');
CREATE TYPE "SizeSource" AS ENUM ('engine', 'computed');
CREATE TYPE "Role" AS ENUM ('admin', 'member', 'viewer');

-- a text is JSON when it parses
CREATE FUNCTION "shipshape_json_or_null"(value TEXT) RETURNS JSONB LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN value::jsonb;
EXCEPTION WHEN others THEN
  RETURN NULL;
END;
$$;

ALTER TABLE "Analysis" ALTER COLUMN "status" TYPE "AnalysisStatus" USING "status"::"AnalysisStatus";
ALTER TABLE "Variant" ALTER COLUMN "status" TYPE "VariantStatus" USING "status"::"VariantStatus";
ALTER TABLE "Variant" ALTER COLUMN "builder" DROP DEFAULT;
ALTER TABLE "Variant" ALTER COLUMN "builder" TYPE "Builder" USING "builder"::"Builder";
ALTER TABLE "Variant" ALTER COLUMN "builder" SET DEFAULT 'classic';
ALTER TABLE "Variant" ALTER COLUMN "sizeSource" TYPE "SizeSource" USING "sizeSource"::"SizeSource";
ALTER TABLE "Variant" ALTER COLUMN "compressedSource" TYPE "SizeSource" USING "compressedSource"::"SizeSource";
ALTER TABLE "Layer" ALTER COLUMN "compressedSource" TYPE "SizeSource" USING "compressedSource"::"SizeSource";
ALTER TABLE "Invite" ALTER COLUMN "role" TYPE "Role" USING "role"::"Role";

ALTER TABLE "Analysis" ALTER COLUMN "stack" TYPE JSONB USING "shipshape_json_or_null"("stack");
ALTER TABLE "Analysis" ALTER COLUMN "progress" TYPE JSONB USING "shipshape_json_or_null"("progress");
ALTER TABLE "Analysis" ALTER COLUMN "options" TYPE JSONB USING "shipshape_json_or_null"("options");
ALTER TABLE "Analysis" ALTER COLUMN "notes" TYPE JSONB USING "shipshape_json_or_null"("notes");
ALTER TABLE "Analysis" ALTER COLUMN "verdict" TYPE JSONB USING "shipshape_json_or_null"("verdict");
ALTER TABLE "Repository" ALTER COLUMN "budget" TYPE JSONB USING "shipshape_json_or_null"("budget");
ALTER TABLE "Variant" ALTER COLUMN "baseImages" TYPE JSONB USING COALESCE("shipshape_json_or_null"("baseImages"), '[]'::jsonb);
ALTER TABLE "Variant" ALTER COLUMN "engineFacts" TYPE JSONB USING "shipshape_json_or_null"("engineFacts");
ALTER TABLE "Variant" ALTER COLUMN "engineSizes" TYPE JSONB USING "shipshape_json_or_null"("engineSizes");
ALTER TABLE "Variant" ALTER COLUMN "wasted" TYPE JSONB USING "shipshape_json_or_null"("wasted");
ALTER TABLE "Variant" ALTER COLUMN "tree" TYPE JSONB USING "shipshape_json_or_null"("tree");
ALTER TABLE "Variant" ALTER COLUMN "largestFiles" TYPE JSONB USING "shipshape_json_or_null"("largestFiles");
ALTER TABLE "Variant" ALTER COLUMN "findings" TYPE JSONB USING "shipshape_json_or_null"("findings");

DROP FUNCTION "shipshape_json_or_null"(TEXT);
