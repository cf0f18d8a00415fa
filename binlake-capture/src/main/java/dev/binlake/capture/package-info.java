/**
 * Capture from MySQL/MariaDB with Debezium's embedded engine: source settings, table filters with
 * DMS wildcards, the engine's properties, and the running capture that feeds the change sink.
 */
package dev.binlake.capture;
