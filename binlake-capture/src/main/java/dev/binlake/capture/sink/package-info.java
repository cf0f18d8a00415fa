/**
 * The exactly-once core of capture: one open change file per table, rolled by the DMS-style policy,
 * stored whole, announced by an "Object Created" event, and only then recorded in the checkpoint.
 * After a restart, changes at or below a table's stored high-water mark are dropped.
 */
package dev.binlake.capture.sink;
