package dev.binlake.cli.validate;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The source table, read inside the snapshot's consistent-read transaction. */
final class SourceSide implements ChecksumSide {
  private final SourceSnapshot snapshot;
  private final TableShape shape;

  SourceSide(SourceSnapshot snapshot, TableShape shape) {
    this.snapshot = snapshot;
    this.shape = shape;
  }

  @Override
  public Optional<Range> bounds() {
    return select(
        SourceSql.bounds(shape),
        rows -> {
          rows.next();
          String min = rows.getString(1);
          return min == null
              ? Optional.<Range>empty()
              : Optional.of(
                  new Range(
                      new BigInteger(min), new BigInteger(rows.getString(2)).add(BigInteger.ONE)));
        });
  }

  @Override
  public Map<Long, RangeSum> sums(Range range, BigInteger partWidth) {
    return select(
        SourceSql.sums(shape, range, partWidth),
        rows -> {
          Map<Long, RangeSum> sums = new HashMap<>();
          while (rows.next()) {
            List<String> slices = new ArrayList<>();
            for (int i = 0; i < WarehouseSql.SLICES; i++) {
              slices.add(rows.getString(3 + i));
            }
            sums.put(
                Long.parseLong(rows.getString(1)),
                new RangeSum(rows.getLong(2), String.join(":", slices)));
          }
          return sums;
        });
  }

  @Override
  public Map<String, List<String>> rows(Range range) {
    return select(
        SourceSql.rows(shape, range),
        rows -> {
          Map<String, List<String>> result = new HashMap<>();
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            List<String> hashes = new ArrayList<>(columns - 1);
            for (int i = 2; i <= columns; i++) {
              hashes.add(rows.getString(i));
            }
            result.put(new String(rows.getBytes(1), StandardCharsets.UTF_8), hashes);
          }
          return result;
        });
  }

  private interface Reader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private <T> T select(String sql, Reader<T> reader) {
    try (Statement statement = snapshot.connection().createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return reader.read(rows);
    } catch (SQLException e) {
      throw new BinlakeException(
          ErrorCode.SOURCE_UNREACHABLE,
          e,
          "Cannot checksum source table %s: %s (check that the source is reachable and the user"
              + " may SELECT it)",
          shape.table(),
          e.getMessage());
    }
  }
}
