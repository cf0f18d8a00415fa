/**
 * Turns Debezium's Kafka Connect records into {@link dev.binlake.api.ChangeRecord}s: the type
 * mapping of DESIGN.md (Connect schema and Debezium semantic type → {@link
 * dev.binlake.api.ColumnType} and its Java value) and the total-order key of each change.
 */
package dev.binlake.capture.mapping;
