-- How many of an image's layers are its final stage's base image (lib/docker/base-layers.ts).
ALTER TABLE "Variant" ADD COLUMN "baseLayers" INTEGER;
