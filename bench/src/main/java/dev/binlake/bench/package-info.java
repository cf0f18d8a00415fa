/**
 * The benchmark harness ({@code bench/run}): starts a throwaway MariaDB, generates data, runs each
 * binlake benchmark and its baseline in child JVMs with {@code -Xmx512m}, and writes a Markdown
 * table and {@code bench/results/*.json}. Not part of the root build; timing is never a test.
 */
package dev.binlake.bench;
