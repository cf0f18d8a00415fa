/**
 * The {@code binlake} command line: picocli commands, exit codes from error codes, and the one
 * place that wires capture, storage, events, loader and warehouse together.
 */
package dev.binlake.cli;
