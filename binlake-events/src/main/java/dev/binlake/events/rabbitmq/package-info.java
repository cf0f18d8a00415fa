/**
 * The RabbitMQ event transport: a durable quorum work queue with manual acks and publisher
 * confirms, per-delay TTL retry queues that dead-letter back to it, and a dead-letter queue whose
 * messages carry the failure reason in a header.
 */
package dev.binlake.events.rabbitmq;
