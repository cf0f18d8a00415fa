/**
 * The BigQuery warehouse: per source schema a dataset ({@code <prefix><schema>}) holding {@code
 * <table>_history} (every change, append-only) and the view {@code <table>} (latest row per primary
 * key via QUALIFY, deletes removed, current columns), plus the ledger {@code
 * <prefix>binlake.loaded_files}. Files are queued in the state folder and batched per table into
 * one load job per batch interval (BigQuery allows 1,500 load jobs per table per day); job ids are
 * deterministic, so a retry after a crash finds the job instead of loading twice. AWS DMS files are
 * queued the same way and rewritten per batch with their order values ({@link
 * dev.binlake.api.DmsFile#orderOf}); a table takes one kind or the other. Types: {@link
 * dev.binlake.warehouse.bigquery.BigQueryTypes}. Tested only against a local fake of the REST API
 * backed by DuckDB, never against real BigQuery.
 */
package dev.binlake.warehouse.bigquery;
