CREATE INDEX "customers_channel_ids_idx" ON "customers" USING gin ("channel_ids" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "customers_email_idx" ON "customers" USING btree ("email");