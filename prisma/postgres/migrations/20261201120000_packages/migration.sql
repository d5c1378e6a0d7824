-- What each package of an image weighs, from its package databases (lib/image-files/packages.ts).
ALTER TABLE "Variant" ADD COLUMN "packages" JSONB;
