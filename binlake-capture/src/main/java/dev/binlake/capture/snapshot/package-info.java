/**
 * The resumable, chunked full load: which tables need one (a plan from information_schema), the
 * Debezium read-only incremental snapshot that reads them in primary-key chunks between GTID
 * watermarks, the requests still waiting for Debezium to take them over, DDL that calls for a
 * re-read, and the per-table progress lines.
 */
package dev.binlake.capture.snapshot;
