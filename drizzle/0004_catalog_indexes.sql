DROP INDEX "prices_store_idx";--> statement-breakpoint
DROP INDEX "products_store_status_created_idx";--> statement-breakpoint
CREATE INDEX "prices_store_valid_from_idx" ON "prices" USING btree ("store_id","valid_from");--> statement-breakpoint
CREATE INDEX "prices_store_valid_to_idx" ON "prices" USING btree ("store_id","valid_to") WHERE "prices"."valid_to" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "products_store_status_name_idx" ON "products" USING btree ("store_id","status","name","id");--> statement-breakpoint
CREATE INDEX "products_store_status_created_idx" ON "products" USING btree ("store_id","status","created_at","id");