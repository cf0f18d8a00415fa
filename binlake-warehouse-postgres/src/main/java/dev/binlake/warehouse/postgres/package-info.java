/**
 * The PostgreSQL warehouse: per source table {@code "<schema>"."<table>_history"} (every change,
 * append-only, loaded with binary {@code COPY}) and the view {@code "<schema>"."<table>"} (latest
 * row per primary key by {@code DISTINCT ON}, deletes removed, the source's current columns), plus
 * the ledger {@code binlake.loaded_files} and the table shapes {@code binlake.tables}. Types
 * ({@link dev.binlake.warehouse.postgres.PostgresSql#typeOf}): boolean, integer, bigint,
 * numeric(p,s), real, double precision, text (U+0000 becomes U+FFFD), jsonb (normalized: key order,
 * whitespace, duplicate keys), bytea, date, bigint for TIME (signed microseconds), timestamp for
 * DATETIME, timestamptz for TIMESTAMP; {@code Op} text, {@code binlake_commit_ts} timestamptz,
 * {@code binlake_order} text COLLATE "C" (bytewise ORDER BY).
 */
package dev.binlake.warehouse.postgres;
