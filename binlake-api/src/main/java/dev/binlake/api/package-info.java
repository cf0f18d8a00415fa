/**
 * binlake's seams: the values that flow through the pipeline ({@link dev.binlake.api.ChangeRecord},
 * {@link dev.binlake.api.ChangeFile}, {@link dev.binlake.api.ObjectCreated}) and the interfaces
 * that storage, events and warehouses implement ({@link dev.binlake.api.ObjectStore}, {@link
 * dev.binlake.api.EventTransport}, {@link dev.binlake.api.Warehouse}). JDK only: no library types.
 */
package dev.binlake.api;
