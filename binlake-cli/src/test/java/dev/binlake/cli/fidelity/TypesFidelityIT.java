package dev.binlake.cli.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.binlake.api.TableId;
import dev.binlake.cli.CliOutput;
import dev.binlake.cli.validate.Unrepresentable;
import dev.binlake.cli.validate.UnrepresentableCount;
import dev.binlake.testing.ThrowawayMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every MySQL/MariaDB type with its edge values, NULL in every column and zero dates, through
 * snapshot and binlog, on a server in time zone +05:30: {@code validate} must find the warehouse
 * equal to the source, chosen values are checked in DuckDB directly, and streamed zero TIMESTAMPs
 * are counted as not representable. (Snapshot FLOATs use values that MariaDB's 6-digit text
 * protocol keeps exact, and UUIDs not ending in a zero byte: KnownLimitsIT.)
 */
class TypesFidelityIT {
  static final String TABLE =
      "CREATE TABLE t (id INT PRIMARY KEY,"
          + " ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,"
          + " mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED,"
          + " bi BIGINT, biu BIGINT UNSIGNED, bool1 BOOLEAN,"
          + " d65 DECIMAL(65,30), d38 DECIMAL(38,10), d10 DECIMAL(10,2), d0 DECIMAL(5,0),"
          + " f FLOAT, dbl DOUBLE,"
          + " b1 BIT(1), b7 BIT(7), b63 BIT(63), b64 BIT(64),"
          + " vc VARCHAR(100), tx TEXT, l1 VARCHAR(50) CHARACTER SET latin1, c10 CHAR(10),"
          + " bin BINARY(4), vb VARBINARY(20), bl LONGBLOB,"
          + " dt DATE, dtm0 DATETIME, dtm3 DATETIME(3), dtm6 DATETIME(6),"
          + " ts0 TIMESTAMP NULL, ts3 TIMESTAMP(3) NULL, ts6 TIMESTAMP(6) NULL,"
          + " tm0 TIME, tm6 TIME(6), yr YEAR, en ENUM('a','b','c d'), st SET('x','y','z'),"
          + " js JSON, geo GEOMETRY, pt POINT, ls LINESTRING, uu UUID,"
          + " gen_v BIGINT AS (bi DIV 2) VIRTUAL, gen_s VARCHAR(110) AS (CONCAT(vc, '!')) STORED,"
          + " inv INT INVISIBLE)";

  static final String COLUMNS =
      "id, ti, tiu, si, siu, mi, miu, i, iu, bi, biu, bool1, d65, d38, d10, d0, f, dbl,"
          + " b1, b7, b63, b64, vc, tx, l1, c10, bin, vb, bl, dt, dtm0, dtm3, dtm6,"
          + " ts0, ts3, ts6, tm0, tm6, yr, en, st, js, geo, pt, ls, uu, inv";

  /** Minimum edges: most negative integers, smallest fractions, earliest dates. */
  static String minimums(int id) {
    String floatMin = id < 10 ? "-3.40282e38" : "-3.4028235e38";
    return "INSERT INTO t ("
        + COLUMNS
        + ") VALUES ("
        + id
        + ", -128, 0, -32768, 0, -8388608, 0,"
        + " -2147483648, 0, -9223372036854775808, 0, 0,"
        + " -99999999999999999999999999999999999.999999999999999999999999999999,"
        + " -9999999999999999999999999999.9999999999, -99999999.99, -99999,"
        + " "
        + floatMin
        + ", -1.7976931348623157e308,"
        + " b'0', b'0000000', 0, 0, '', '', '', '',"
        + " x'00000000', x'', x'', '1000-01-01', '1000-01-01 00:00:00',"
        + " '1000-01-01 00:00:00.000', '1000-01-01 00:00:00.000000',"
        + " '1970-01-01 05:30:01', '1970-01-01 05:30:01.001', '1970-01-01 05:30:01.000001',"
        + " '-838:59:59', '-838:59:59.000000', 1901, 'a', '', '{}',"
        + " ST_GeomFromText('POINT(-180 -90)'), ST_GeomFromText('POINT(0 0)'),"
        + " ST_GeomFromText('LINESTRING(0 0, 1 1)'), '00000000-0000-0000-0000-000000000000',"
        + " -1)";
  }

  /** Maximum edges, 4-byte characters, latin1 accents, fractions, big JSON. */
  static String maximums(int id) {
    String floatMax = id < 10 ? "3.40282e38" : "3.4028235e38";
    return "INSERT INTO t ("
        + COLUMNS
        + ") VALUES ("
        + id
        + ", 127, 255, 32767, 65535, 8388607,"
        + " 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615, 1,"
        + " 99999999999999999999999999999999999.999999999999999999999999999999,"
        + " 9999999999999999999999999999.9999999999, 99999999.99, 99999,"
        + " "
        + floatMax
        + ", 1.7976931348623157e308,"
        + " b'1', b'1111111', 9223372036854775807, 18446744073709551615,"
        + " 'emoji 😀🍑 and 𝄞 中文', REPEAT('long text ✓ ', 2000), 'Grüße à la café',"
        + " 'padded', x'DEADBEEF', x'00FF00FF', x'0102030405',"
        + " '9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59.999',"
        + " '9999-12-31 23:59:59.999999', '2038-01-19 08:44:07',"
        + " '2038-01-19 08:44:07.999', '2038-01-19 08:44:07.999999',"
        + " '838:59:59', '838:59:59.000000', 2155, 'c d', 'x,y,z',"
        + " '{\"a\": [1, 2.5, \"x\"], \"nested\": {\"b\": null, \"emoji\": \"😀\"}}',"
        + " ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))'),"
        + " ST_GeomFromText('POINT(1.5 -2.25)'), ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0)'),"
        + " 'ffffffff-ffff-ffff-ffff-ffffffffffff',"
        + " 2147483647)";
  }

  /** Ordinary values: fractions of every width, small floats, negative TIME with fraction. */
  static String ordinary(int id) {
    return "INSERT INTO t ("
        + COLUMNS
        + ") VALUES ("
        + id
        + ", -1, 1, -1, 1, -1, 1, -1, 1,"
        + " -1, 1, 0, 0.000000000000000000000000000001, -0.0000000001, 0.01, 0,"
        + " 0.1, 0.1, b'1', b'1010101', 1234567890123, 9223372036854775808,"
        + " 'it''s \"quoted\"\\\\ back', 'line\\nbreak\\ttab', 'ÿ', 'a',"
        + " x'00010000', x'00', x'00', '2024-02-29', '2024-02-29 12:34:56',"
        + " '2024-02-29 12:34:56.789', '2024-02-29 12:34:56.123456', '2024-02-29 12:34:56',"
        + " '2024-02-29 12:34:56.789', '2024-02-29 12:34:56.123456',"
        + " '-00:00:01', '-00:00:00.500001', 2024, 'b', 'y',"
        + " '[1, 2, 3]', NULL, NULL, NULL, '123e4567-e89b-12d3-a456-426614174001',"
        + " 0)";
  }

  static String nulls(int id) {
    StringBuilder sql = new StringBuilder("INSERT INTO t (" + COLUMNS + ") VALUES (" + id);
    for (int i = 1; i < COLUMNS.split(",").length; i++) {
      sql.append(", NULL");
    }
    return sql.append(')').toString();
  }

  static String zeroDates(int id) {
    return "INSERT INTO t (id, dt, dtm0, dtm6, ts0, ts6) VALUES ("
        + id
        + ", '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00.000000',"
        + " '0000-00-00 00:00:00', '0000-00-00 00:00:00.000000')";
  }

  @TempDir Path dir;

  @Test
  void everyTypeArrivesExactly() throws Exception {
    ThrowawayMariaDb server = FidelityServer.get();
    String db = server.createDatabase("types");
    List<String> sql = new ArrayList<>(List.of("SET SESSION sql_mode = ''", TABLE));
    sql.addAll(List.of(minimums(1), maximums(2), ordinary(3), nulls(4), zeroDates(5)));
    server.executeIn(db, sql.toArray(String[]::new));
    Lake lake = Lake.create(server, db, dir);
    lake.runOnce();

    server.executeIn(
        db,
        "SET SESSION sql_mode = ''",
        minimums(11),
        maximums(12),
        ordinary(13),
        nulls(14),
        zeroDates(15),
        "INSERT INTO t (id, bl) VALUES (16, REPEAT(x'00FF10', 700000))",
        "UPDATE t SET vc = 'changed 😀', dbl = 2.5e-300, f = 1.17549435e-38 WHERE id = 3",
        "UPDATE t SET dt = '0000-00-00' WHERE id = 13",
        "DELETE FROM t WHERE id = 1");
    lake.runOnce();

    CliOutput validate = lake.validate();
    assertThat(validate.out()).as(validate.err()).contains(db + ".t: equal (10 rows)");
    assertThat(validate.code()).isZero();

    String t = "\"" + db + "\".t";
    assertThat(
            lake.lines(
                "SELECT biu, b64, d65, dbl, f, b1, b7, b63, yr, en, st FROM "
                    + t
                    + " WHERE id = 12"))
        .containsExactly(
            "18446744073709551615 | 18446744073709551615"
                + " | 99999999999999999999999999999999999.999999999999999999999999999999"
                + " | 1.7976931348623157E308 | 3.4028235E38 | true | 127 | 9223372036854775807 | 2155"
                + " | c d | x,y,z");
    assertThat(
            lake.lines(
                "SELECT vc, l1, js, hex(bin), hex(vb), c10, uu FROM " + t + " WHERE id = 12"))
        .containsExactly(
            "emoji 😀🍑 and 𝄞 中文 | Grüße à la café"
                + " | {\"a\": [1, 2.5, \"x\"], \"nested\": {\"b\": null, \"emoji\": \"😀\"}}"
                + " | DEADBEEF | 00FF00FF | padded | ffffffff-ffff-ffff-ffff-ffffffffffff");
    assertThat(
            lake.lines(
                "SELECT CAST(dtm6 AS VARCHAR), CAST(ts0 AS VARCHAR),"
                    + " CAST(ts6 AS VARCHAR), tm0, tm6, dt FROM "
                    + t
                    + " WHERE id IN (11, 12, 13)"
                    + " ORDER BY id"))
        .containsExactly(
            "1000-01-01 00:00:00 | 1970-01-01 00:00:01+00 | 1970-01-01 00:00:01.000001+00"
                + " | -3020399000000 | -3020399000000 | 1000-01-01",
            "9999-12-31 23:59:59.999999 | 2038-01-19 03:14:07+00 | 2038-01-19 03:14:07.999999+00"
                + " | 3020399000000 | 3020399000000 | 9999-12-31",
            "2024-02-29 12:34:56.123456 | 2024-02-29 07:04:56+00 | 2024-02-29 07:04:56.123456+00"
                + " | -1000000 | -500001 | null");
    assertThat(lake.lines("SELECT octet_length(bl), md5(bl) FROM " + t + " WHERE id = 16"))
        .containsExactly("2100000 | " + sourceMd5(server, db));
    assertThat(
            lake.lines(
                "SELECT count(*) FROM "
                    + t
                    + " WHERE"
                    + " COLUMNS(* EXCLUDE (id)) IS NULL AND id IN (4, 14)"))
        .containsExactly("2");

    assertThat(Unrepresentable.counts(lake::query))
        .containsExactly(
            new UnrepresentableCount(new TableId(db, "t"), "ts0", 1),
            new UnrepresentableCount(new TableId(db, "t"), "ts6", 1));
  }

  private static String sourceMd5(ThrowawayMariaDb server, String db) throws Exception {
    try (Connection connection = server.connect(db);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT LOWER(MD5(bl)) FROM t WHERE id = 16")) {
      rows.next();
      return rows.getString(1);
    }
  }
}
