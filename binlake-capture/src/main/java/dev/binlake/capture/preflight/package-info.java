/**
 * Checks run against the source before capture starts: reachable, credentials, binlog on and
 * ROW/FULL, the grants capture needs, no server id clash. Each failure says what to change.
 */
package dev.binlake.capture.preflight;
