/**
 * {@code binlake run} and {@code binlake status}: the wiring of one pipeline from the configuration
 * (capture → change files → store → events → loader → warehouse), its start, catch-up and stop.
 */
package dev.binlake.cli.run;
