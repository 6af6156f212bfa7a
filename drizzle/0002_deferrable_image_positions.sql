-- Image positions are unique per product, but DEFERRABLE, which drizzle-kit
-- cannot declare: a deferrable constraint is checked at the end of the
-- statement rather than row by row, so one UPDATE can permute positions, and
-- a batch can SET CONSTRAINTS ... DEFERRED to reorder over several statements.
-- Its index also serves the product_images.product_id foreign key.
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_product_position_unique" UNIQUE ("product_id", "position") DEFERRABLE INITIALLY IMMEDIATE;
