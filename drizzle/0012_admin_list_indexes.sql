DROP INDEX "customers_store_created_idx";--> statement-breakpoint
DROP INDEX "orders_store_status_created_idx";--> statement-breakpoint
DROP INDEX "orders_store_created_idx";--> statement-breakpoint
CREATE INDEX "customers_store_id_idx" ON "customers" USING btree ("store_id","id");--> statement-breakpoint
CREATE INDEX "orders_store_status_id_idx" ON "orders" USING btree ("store_id","status","id");--> statement-breakpoint
CREATE INDEX "orders_store_id_idx" ON "orders" USING btree ("store_id","id");