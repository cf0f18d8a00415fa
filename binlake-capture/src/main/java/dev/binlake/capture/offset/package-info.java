/**
 * Where capture resumes: the checkpoint file written after every stored change file (resume offset,
 * per-table high-water marks and LOAD counters), and the Kafka Connect offset store through which
 * Debezium reads that resume offset. Debezium's own offset commits are ignored: progress is ours.
 */
package dev.binlake.capture.offset;
