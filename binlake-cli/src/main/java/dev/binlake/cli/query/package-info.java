/**
 * {@code binlake query}: SQL against the warehouse, also while {@code run} holds the DuckDB file
 * (through a loopback endpoint of the running process, guarded by a token in the state folder).
 */
package dev.binlake.cli.query;
