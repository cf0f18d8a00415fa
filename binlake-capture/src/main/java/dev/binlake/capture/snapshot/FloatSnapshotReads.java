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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Exact FLOATs in Debezium's blocking snapshot (tables without a primary key). It reads with plain
 * statements, whose text rows carry a FLOAT with 6 significant digits; as a DOUBLE the same value
 * is exact, and Debezium narrows it back to the FLOAT it was. So for each such table with a FLOAT
 * column the snapshot's SELECT is overridden to name every column, FLOATs cast to DOUBLE.
 */
final class FloatSnapshotReads {
  private FloatSnapshotReads() {}

  /** Debezium's {@code snapshot.select.statement.overrides} properties for {@code tables}. */
  static Properties overrides(SourceSettings source, List<TableId> tables) {
    Properties props = new Properties();
    if (tables.isEmpty()) {
      return props;
    }
    Map<TableId, String> selects = new LinkedHashMap<>();
    try (Connection connection = Preflight.connect(source);
        PreparedStatement columns =
            connection.prepareStatement(
                "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      for (TableId table : tables) {
        columns.setString(1, table.schema());
        columns.setString(2, table.table());
        List<String> select = new ArrayList<>();
        boolean hasFloat = false;
        try (ResultSet rs = columns.executeQuery()) {
          while (rs.next()) {
            String name = quote(rs.getString(1));
            boolean isFloat = "float".equalsIgnoreCase(rs.getString(2));
            hasFloat |= isFloat;
            select.add(isFloat ? "CAST(" + name + " AS DOUBLE) AS " + name : name);
          }
        }
        if (hasFloat) {
          selects.put(
              table,
              "SELECT "
                  + String.join(", ", select)
                  + " FROM "
                  + quote(table.schema())
                  + "."
                  + quote(table.table()));
        }
      }
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          e,
          "Cannot read the columns of %s on %s: %s (check that the user may read"
              + " information_schema)",
          tables,
          source.address(),
          e.getMessage());
    }
    if (!selects.isEmpty()) {
      props.setProperty(
          "snapshot.select.statement.overrides",
          selects.keySet().stream().map(TableId::toString).collect(Collectors.joining(",")));
      selects.forEach(
          (table, sql) -> props.setProperty("snapshot.select.statement.overrides." + table, sql));
    }
    return props;
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
