package dev.binlake.warehouse.bigquery;

import static java.util.Objects.requireNonNull;

import dev.binlake.api.TableId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Files of one table loaded by one load job. Fixed once written to the state folder, so a restart
 * submits the same files under the same job id; an attempt counter moves on only after BigQuery
 * reported a job of this batch as failed (a failed job id cannot be used again).
 */
record Batch(String id, TableId table, List<QueuedFile> files, int loadAttempt, int ledgerAttempt) {
  Batch {
    requireNonNull(id, "id is null");
    requireNonNull(table, "table is null");
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a batch needs files");
    }
  }

  /** A new batch, its id a hash of the table and the sorted object keys. */
  static Batch of(TableId table, List<QueuedFile> files) {
    List<String> keys = files.stream().map(QueuedFile::key).sorted().toList();
    return new Batch(hash(table + "\n" + String.join("\n", keys)), table, files, 0, 0);
  }

  /** {@code binlake_load_<schema>_<table>_<hash>_<attempt>}: letters, digits, _ and - only. */
  String loadJobId() {
    return "binlake_load_" + readable() + "_" + id + "_" + loadAttempt;
  }

  String ledgerJobId() {
    return "binlake_ledger_" + readable() + "_" + id + "_" + ledgerAttempt;
  }

  private String readable() {
    String name = (table.schema() + "_" + table.table()).replaceAll("[^A-Za-z0-9_-]", "_");
    return name.length() > 200 ? name.substring(0, 200) : name;
  }

  /** Whether the batch holds AWS DMS files (a batch never mixes them with change files). */
  boolean isDms() {
    return files.get(0).isDms();
  }

  long rowCount() {
    return files.stream().mapToLong(QueuedFile::rowCount).sum();
  }

  Batch nextLoadAttempt() {
    return new Batch(id, table, files, loadAttempt + 1, ledgerAttempt);
  }

  Batch nextLedgerAttempt() {
    return new Batch(id, table, files, loadAttempt, ledgerAttempt + 1);
  }

  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
