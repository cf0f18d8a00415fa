/**
 * Turns Debezium's Kafka Connect records into {@link dev.binlake.api.ChangeRecord}s: the type
 * mapping of DESIGN.md (Connect schema and Debezium semantic type → {@link
 * dev.binlake.api.ColumnType} and its Java value), the total-order key of each change, and the
 * table markers of TRUNCATE (Debezium's op {@code t}) and DROP TABLE (its schema change records).
 */
package dev.binlake.capture.mapping;
