package dev.binlake.capture.sink;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.ObjectStore;
import dev.binlake.api.StoredObject;
import dev.binlake.api.TableId;
import dev.binlake.api.TableSchema;
import dev.binlake.capture.offset.TableProgress;
import dev.binlake.files.DmsLayout;
import dev.binlake.files.ParquetChangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds change files in the store that the checkpoint does not know yet (stored just before a
 * crash) and raises their tables' progress. Only those files' footers are read.
 */
final class StoreScan {
  private static final Logger LOG = LoggerFactory.getLogger(StoreScan.class);

  private final ObjectStore store;
  private final String prefix;
  private final Path workDir;

  StoreScan(ObjectStore store, String prefix, Path workDir) {
    this.store = store;
    this.prefix = prefix;
    this.workDir = workDir;
  }

  void raise(Map<TableId, TableProgress> progress) {
    for (StoredObject object : store.list(prefix)) {
      Optional<DmsLayout.ParsedKey> parsed = DmsLayout.parse(prefix, object.key());
      if (parsed.isEmpty()) {
        continue;
      }
      DmsLayout.ParsedKey key = parsed.get();
      TableProgress known = progress.getOrDefault(key.table(), TableProgress.NONE);
      boolean unknown =
          key.kind() == ChangeFile.Kind.LOAD
              ? key.loadNumber().getAsInt() > known.lastLoadNumber()
              : key.firstKey().orElseThrow().isAfter(known.lastKey());
      if (unknown) {
        ChangeFile file = readFooter(object.key());
        int loadNumber = key.loadNumber().orElse(0);
        progress.put(key.table(), known.merge(file.last(), loadNumber));
        LOG.info(
            "Found {} stored after the last checkpoint; its changes will not be repeated",
            object.key());
      }
    }
  }

  /**
   * The shape of the newest change file stored for {@code table} (the CDC file with the highest
   * first key, else the last LOAD file), or empty when the store holds none.
   */
  Optional<TableSchema> newestShape(TableId table) {
    DmsLayout.ParsedKey newest = null;
    String newestKey = null;
    for (StoredObject object : store.list(DmsLayout.tablePrefix(prefix, table))) {
      Optional<DmsLayout.ParsedKey> parsed = DmsLayout.parse(prefix, object.key());
      if (parsed.isEmpty() || !parsed.get().table().equals(table)) {
        continue;
      }
      DmsLayout.ParsedKey key = parsed.get();
      if (newest == null || isNewer(key, newest)) {
        newest = key;
        newestKey = object.key();
      }
    }
    return newestKey == null ? Optional.empty() : Optional.of(readFooter(newestKey).schema());
  }

  private static boolean isNewer(DmsLayout.ParsedKey key, DmsLayout.ParsedKey than) {
    if (key.kind() != than.kind()) {
      return key.kind() == ChangeFile.Kind.CDC;
    }
    return key.kind() == ChangeFile.Kind.LOAD
        ? key.loadNumber().getAsInt() > than.loadNumber().getAsInt()
        : key.firstKey().orElseThrow().isAfter(than.firstKey().orElseThrow());
  }

  private ChangeFile readFooter(String key) {
    Optional<Path> local = store.localPath(key);
    if (local.isPresent()) {
      return ParquetChangeReader.readChangeFile(local.get(), key);
    }
    try {
      Files.createDirectories(workDir);
      Path temp = Files.createTempFile(workDir, "scan", ".parquet");
      try (InputStream in = store.open(key)) {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        return ParquetChangeReader.readChangeFile(temp, key);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new BinlakeException(
          ErrorCode.STORAGE_FAILED, e, "Cannot read %s from the store: %s", key, e.getMessage());
    }
  }
}
