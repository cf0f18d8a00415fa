/**
 * The DuckDB warehouse: one DuckDB file holding, per source table, {@code
 * "<schema>"."<table>_history"} (every change, append-only) and the view {@code
 * "<schema>"."<table>"} (latest row per primary key, deletes removed, the source's current
 * columns), plus the load ledger {@code binlake.loaded_files} and the current table shapes {@code
 * binlake.tables}. Column types follow {@link dev.binlake.warehouse.duckdb.DuckDbSql#typeOf}:
 * BOOLEAN, INTEGER, BIGINT, DECIMAL(p,s), FLOAT, DOUBLE, VARCHAR, JSON, BLOB, DATE, BIGINT for TIME
 * (signed microseconds), TIMESTAMP for DATETIME and TIMESTAMPTZ for TIMESTAMP; {@code Op} VARCHAR,
 * {@code binlake_commit_ts} TIMESTAMPTZ, {@code binlake_order} VARCHAR. AWS DMS output loads into
 * the same shape ({@link dev.binlake.warehouse.duckdb.DmsSql}); a table takes one kind of file.
 */
package dev.binlake.warehouse.duckdb;
