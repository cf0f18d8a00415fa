/**
 * What every broker transport shares: the {@link dev.binlake.events.broker.BrokerTransport}
 * contract (work queue, retries, dead-letter headers) and {@link
 * dev.binlake.events.broker.Delivery}, which turns one delivered message into an {@link
 * dev.binlake.events.broker.Outcome} (ack, retry after a delay, or dead-letter with a reason), and
 * {@link dev.binlake.events.broker.OutageLog}, how a transport reports a broker call it retries.
 */
package dev.binlake.events.broker;
