package dev.binlake.load;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeadLettersTest {
  @TempDir Path dir;

  @Test
  void entriesSurviveReopeningAndAreNotDuplicated() {
    Instant before = Instant.now();
    FileDeadLetters letters = new FileDeadLetters(dir);
    letters.add("lake/a.parquet", "Cannot read lake/a.parquet: not Parquet");
    letters.add("lake/b.parquet", "reason b");
    letters.add("lake/a.parquet", "a second reason");

    FileDeadLetters reopened = new FileDeadLetters(dir);

    assertThat(reopened.list())
        .extracting(DeadLetter::key, DeadLetter::reason)
        .containsExactly(
            tuple("lake/a.parquet", "Cannot read lake/a.parquet: not Parquet"),
            tuple("lake/b.parquet", "reason b"));
    assertThat(reopened.list().get(0).time()).isBetween(before, Instant.now());
    assertThat(reopened.contains("lake/b.parquet")).isTrue();
    assertThat(reopened.contains("lake/c.parquet")).isFalse();
  }

  @Test
  void lineCutShortByACrashIsSkippedAndNotExtended() throws Exception {
    Files.writeString(
        dir.resolve(FileDeadLetters.FILE_NAME),
        "{\"key\":\"k1\",\"reason\":\"r1\",\"time\":\"2024-05-01T10:00:00Z\"}\n"
            + "{\"key\":\"k2\",\"rea",
        UTF_8);
    FileDeadLetters letters = new FileDeadLetters(dir);
    letters.add("k3", "r3");

    assertThat(new FileDeadLetters(dir).list())
        .extracting(DeadLetter::key)
        .containsExactly("k1", "k3");
    List<String> lines = Files.readAllLines(dir.resolve(FileDeadLetters.FILE_NAME), UTF_8);
    assertThat(lines).hasSize(3);
  }
}
