package dev.binlake.warehouse.bigquery.fake;

import static dev.binlake.testing.warehouse.ChangeFileFixture.change;
import static dev.binlake.testing.warehouse.ChangeFileFixture.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableDataWriteChannel;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.WriteChannelConfiguration;
import dev.binlake.api.ChangeFile;
import dev.binlake.api.ColumnType.Kind;
import dev.binlake.api.Op;
import dev.binlake.api.TableSchema;
import dev.binlake.testing.warehouse.ChangeFileFixture;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake's own checks fail on what binlake must never send. */
class FakeBigQueryTest {
  private static final String JOB = "binlake_load_shop_t_0123456789abcdef0123456789abcdef_0";

  @TempDir Path dir;
  private FakeBigQuery fake;
  private BigQuery client;

  @BeforeEach
  void start() throws Exception {
    fake = FakeBigQuery.start("p", "EU", Duration.ofMinutes(1));
    client =
        BigQueryOptions.newBuilder()
            .setProjectId("p")
            .setLocation("EU")
            .setHost(fake.url())
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
    client.create(DatasetInfo.newBuilder("p", "shop").setLocation("EU").build());
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
  }

  private Path changeFile(Kind timeKind) {
    TableSchema schema =
        new TableSchema(
            new dev.binlake.api.TableId("shop", "t"),
            List.of(column("id", Kind.INT64), column("at", timeKind)),
            List.of("id"));
    ChangeFileFixture files = new ChangeFileFixture(dir);
    ChangeFile file = files.write("t/cdc-1", schema, change(Op.INSERT, 100, 1L, 0L));
    return files.localPath(file.key());
  }

  private static WriteChannelConfiguration.Builder load(StandardSQLTypeName timeType) {
    Schema schema =
        Schema.of(
            Field.of("Op", StandardSQLTypeName.STRING),
            Field.of("binlake_commit_ts", StandardSQLTypeName.TIMESTAMP),
            Field.of("binlake_order", StandardSQLTypeName.STRING),
            Field.of("id", StandardSQLTypeName.INT64),
            Field.of("at", timeType));
    return WriteChannelConfiguration.newBuilder(TableId.of("p", "shop", "t_history"))
        .setFormatOptions(FormatOptions.parquet())
        .setSchema(schema)
        .setCreateDisposition(JobInfo.CreateDisposition.CREATE_IF_NEEDED)
        .setWriteDisposition(JobInfo.WriteDisposition.WRITE_APPEND)
        .setSchemaUpdateOptions(List.of(JobInfo.SchemaUpdateOption.ALLOW_FIELD_ADDITION))
        .setDecimalTargetTypes(List.of("NUMERIC", "BIGNUMERIC"));
  }

  private Job upload(Path file, WriteChannelConfiguration config) throws Exception {
    TableDataWriteChannel writer =
        client.writer(JobId.newBuilder().setJob(JOB).setLocation("EU").build(), config);
    try (writer) {
      writer.write(ByteBuffer.wrap(Files.readAllBytes(file)));
    }
    return writer.getJob();
  }

  @Test
  void aUtcTimestampDoesNotLoadIntoDatetime() throws Exception {
    Job job =
        upload(changeFile(Kind.TIMESTAMP_UTC_MICROS), load(StandardSQLTypeName.DATETIME).build());

    assertThat(job.getStatus().getError().getMessage())
        .isEqualTo(
            "column at is TIMESTAMP WITH TIME ZONE in the file, which does not load into DATETIME");
    assertThat(fake.problems())
        .containsExactly(
            "load job " + JOB + " rejected: " + job.getStatus().getError().getMessage());
  }

  @Test
  void aLocalTimestampLoadsIntoDatetime() throws Exception {
    Job job = upload(changeFile(Kind.TIMESTAMP_MICROS), load(StandardSQLTypeName.DATETIME).build());

    assertThat(job.getStatus().getError()).isNull();
    assertThat(fake.sql("SELECT count(*) FROM `shop.t_history`").values())
        .containsExactly(List.of(1L));
    assertThat(fake.problems()).isEmpty();
  }

  @Test
  void aCsvLoadWithoutFieldAdditionIsRefused() {
    WriteChannelConfiguration csv =
        load(StandardSQLTypeName.DATETIME)
            .setFormatOptions(FormatOptions.csv())
            .setSchemaUpdateOptions(List.of())
            .build();

    assertThatThrownBy(() -> upload(changeFile(Kind.TIMESTAMP_MICROS), csv))
        .isInstanceOf(BigQueryException.class)
        .hasMessageContaining("sourceFormat is 'CSV', not PARQUET")
        .hasMessageContaining("schemaUpdateOptions");
    assertThat(fake.problems()).hasSize(1);
  }
}
