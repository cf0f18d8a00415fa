/**
 * What every {@link dev.binlake.api.Warehouse} must do, as a test to extend: {@link
 * dev.binlake.testing.warehouse.WarehouseContract} loads real change files (written by {@link
 * dev.binlake.testing.warehouse.ChangeFileFixture} with binlake-files' Parquet writer) and checks
 * history, latest views, idempotence, schema evolution and every column kind through {@code
 * Warehouse.query}. {@link dev.binlake.testing.warehouse.PostgresTestDatabase} gives a test class a
 * database of its own on the machine's PostgreSQL. Needs JUnit and AssertJ on the classpath.
 */
package dev.binlake.testing.warehouse;
