ALTER TABLE "products" ADD COLUMN "sort_price" bigint;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "sort_price_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "sort_price_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "products_store_status_sort_price_idx" ON "products" USING btree ("store_id","status","sort_price","id");--> statement-breakpoint
CREATE INDEX "products_sort_price_until_idx" ON "products" USING btree ("sort_price_until") WHERE "products"."sort_price_until" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "products_store_sort_price_missing_idx" ON "products" USING btree ("store_id") WHERE "products"."sort_price_at" IS NULL;