package dev.binlake.capture.snapshot;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import dev.binlake.api.TableId;
import dev.binlake.capture.SourceSettings;
import dev.binlake.capture.preflight.Preflight;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The captured tables as information_schema describes them: whether each has a primary key (only
 * those can be read in key chunks) and its estimated row count (for progress lines).
 */
public record SnapshotPlan(Map<TableId, Estimate> tables) {
  /** One table: primary key or not, and the server's row estimate. */
  public record Estimate(boolean hasPrimaryKey, long estimatedRows) {}

  public SnapshotPlan {
    tables = Map.copyOf(tables);
  }

  public static SnapshotPlan read(SourceSettings source) {
    try (Connection connection = Preflight.connect(source);
        Statement statement = connection.createStatement()) {
      Set<TableId> keyed = new HashSet<>();
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT DISTINCT TABLE_SCHEMA, TABLE_NAME FROM information_schema.STATISTICS"
                  + " WHERE INDEX_NAME = 'PRIMARY'")) {
        while (rs.next()) {
          keyed.add(new TableId(rs.getString(1), rs.getString(2)));
        }
      }
      Map<TableId, Estimate> tables = new TreeMap<>();
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT TABLE_SCHEMA, TABLE_NAME, COALESCE(TABLE_ROWS, 0)"
                  + " FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
                  + " AND TABLE_SCHEMA NOT IN"
                  + " ('mysql', 'information_schema', 'performance_schema', 'sys')")) {
        while (rs.next()) {
          TableId table = new TableId(rs.getString(1), rs.getString(2));
          if (source.tables().matches(table)) {
            tables.put(table, new Estimate(keyed.contains(table), rs.getLong(3)));
          }
        }
      }
      return new SnapshotPlan(tables);
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          e,
          "Cannot list the tables to snapshot on %s: %s (check that the user may read"
              + " information_schema)",
          source.address(),
          e.getMessage());
    }
  }

  /** Tables that Debezium's initial snapshot must read whole: those without a primary key. */
  public List<TableId> withoutPrimaryKey() {
    return tables.entrySet().stream()
        .filter(e -> !e.getValue().hasPrimaryKey())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Tables read in key chunks. */
  public List<TableId> withPrimaryKey() {
    return tables.entrySet().stream()
        .filter(e -> e.getValue().hasPrimaryKey())
        .map(Map.Entry::getKey)
        .toList();
  }

  public long estimatedRows(TableId table) {
    Estimate estimate = tables.get(table);
    return estimate == null ? 0 : estimate.estimatedRows();
  }

  /**
   * The tables among {@code wanted} that hold at least one row now. An empty table needs no
   * snapshot: every row it gets later is streamed, because streaming already runs from an earlier
   * position.
   */
  public static Set<TableId> nonEmpty(SourceSettings source, Collection<TableId> wanted) {
    Set<TableId> result = new LinkedHashSet<>();
    if (wanted.isEmpty()) {
      return result;
    }
    try (Connection connection = Preflight.connect(source)) {
      for (TableId table : new ArrayList<>(wanted)) {
        String sql =
            "SELECT 1 FROM " + quote(table.schema()) + "." + quote(table.table()) + " LIMIT 1";
        try (PreparedStatement statement = connection.prepareStatement(sql);
            ResultSet rs = statement.executeQuery()) {
          if (rs.next()) {
            result.add(table);
          }
        } catch (SQLException e) {
          // Gone or not readable: let Debezium report it when it reads the table.
          result.add(table);
        }
      }
      return result;
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE, e, "Cannot reach %s: %s", source.address(), e.getMessage());
    }
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
