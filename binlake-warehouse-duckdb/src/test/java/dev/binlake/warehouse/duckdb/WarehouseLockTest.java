package dev.binlake.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.binlake.api.BinlakeException;
import dev.binlake.api.ErrorCode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseLockTest {
  @TempDir Path dir;

  @Test
  void fileHeldByAnotherProcessIsReportedWithItsPid() throws Exception {
    Path db = dir.resolve("lake.duckdb").toAbsolutePath();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process holder =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                db.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine(); // blocks until the child holds the file (or dies)
      } while (line != null && !line.startsWith("ready "));
      assertThat(line).as("child process output").isEqualTo("ready " + db);

      assertThatThrownBy(() -> DuckDbWarehouse.open(db))
          .isInstanceOf(BinlakeException.class)
          .hasMessageStartingWith("Cannot open DuckDB file " + db + ": ")
          .hasMessageContaining("(PID " + holder.pid() + ") holds it")
          .hasMessageEndingWith(
              "holds it (stop that process, or run `binlake query` which goes"
                  + " through the running binlake)")
          .extracting(e -> ((BinlakeException) e).code())
          .isEqualTo(ErrorCode.WAREHOUSE_LOCKED);
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(30, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
    assertThat(holder.exitValue()).isZero();
    DuckDbWarehouse.open(db).close(); // free again once the holder exited
  }
}
