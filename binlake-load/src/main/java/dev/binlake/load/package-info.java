/**
 * The loader: turns stored change files into warehouse loads, exactly once per object key (the
 * warehouse's ledger decides), from "Object Created" events and from listing passes that find files
 * whose event was lost. Files that can never load (foreign, corrupt, rejected by the warehouse) go
 * to {@link dev.binlake.load.DeadLetters} with the reason; every other failure is thrown so the
 * transport redelivers. With DMS settings, Parquet files without binlake metadata whose keys follow
 * AWS DMS's layout load as DMS output into a {@link dev.binlake.api.DmsWarehouse}.
 */
package dev.binlake.load;
