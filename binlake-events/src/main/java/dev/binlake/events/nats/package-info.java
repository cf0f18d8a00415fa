/**
 * The NATS JetStream event transport: a work-queue stream with one durable pull consumer shared by
 * all loaders, acks after handling, naks with the backoff delay, and a dead-letter subject (in its
 * own stream) whose messages carry the failure reason in headers.
 */
package dev.binlake.events.nats;
