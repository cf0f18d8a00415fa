/**
 * "Object Created" events: {@link dev.binlake.events.ObjectCreatedJson} reads and writes Amazon
 * EventBridge's JSON for them, {@link dev.binlake.events.ObjectCreatedEvents} makes one for a
 * stored object, and {@link dev.binlake.events.InProcessEventTransport} delivers them inside one
 * JVM with rule matching, retries with exponential backoff ({@link dev.binlake.events.RetryPolicy})
 * and dead-lettering ({@link dev.binlake.events.DeadLetter}). Sub-packages: {@code rules}
 * (EventBridge patterns), {@code broker} (what broker transports share) and one per broker ({@code
 * rabbitmq}, {@code nats}, {@code sqs}).
 */
package dev.binlake.events;
