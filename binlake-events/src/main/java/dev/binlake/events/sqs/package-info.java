/**
 * The Amazon SQS event transport: a work queue with visibility-timeout redelivery, retries by
 * changing a message's visibility to the backoff delay, and a dead-letter queue (also the redrive
 * target) whose messages carry the failure reason as message attributes.
 */
package dev.binlake.events.sqs;
