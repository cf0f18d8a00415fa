/**
 * {@code binlake demo}: a throwaway MariaDB, a generated shop workload, replication into a local
 * folder and DuckDB, and a printed comparison of source tables with their latest views.
 */
package dev.binlake.cli.demo;
