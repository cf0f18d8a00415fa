package dev.binlake.capture.offset;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.SourceOffset;
import dev.binlake.api.TableId;

/**
 * A change file with chunked-snapshot rows that was about to be stored when the checkpoint was
 * written: if the store holds {@code key}, the file made it and capture resumes at {@code
 * resumeIfStored} (its rows are never redelivered with the same order keys, so the store scan alone
 * cannot tell them apart).
 */
public record PendingStore(String key, TableId table, long rows, SourceOffset resumeIfStored) {
  public PendingStore {
    requireNonNull(key, "key is null");
    requireNonNull(table, "table is null");
    requireNonNull(resumeIfStored, "resumeIfStored is null");
  }
}
