package dev.binlake.warehouse.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs BigQuery jobs under ids binlake chooses: a job whose id exists already (HTTP 409, or found
 * before submitting) is not run again but looked up and waited for, so resubmitting after a crash
 * is a no-op.
 */
final class Jobs {
  static final int ALREADY_EXISTS = 409;
  private static final Duration FIRST_POLL = Duration.ofMillis(50);
  private static final Duration MAX_POLL = Duration.ofSeconds(5);
  private static final Duration MAX_WAIT = Duration.ofHours(6);
  private static final int GET_ATTEMPTS = 5;

  private final BigQuery bigquery;
  private final String project;
  private final String location;

  Jobs(BigQuery bigquery, String project, String location) {
    this.bigquery = bigquery;
    this.project = project;
    this.location = location;
  }

  JobId id(String job) {
    return JobId.newBuilder().setProject(project).setJob(job).setLocation(location).build();
  }

  /** The job with this id, if BigQuery has it. */
  Optional<Job> find(JobId id) throws InterruptedException {
    return Optional.ofNullable(get(id));
  }

  /** jobs.get, tried again on a server error (5xx): the client library does not retry every one. */
  private Job get(JobId id) throws InterruptedException {
    Duration pause = FIRST_POLL;
    for (int attempt = 1; ; attempt++) {
      try {
        return bigquery.getJob(id);
      } catch (BigQueryException e) {
        if (attempt == GET_ATTEMPTS || !(e.getCode() >= 500 || e.isRetryable())) {
          throw e;
        }
        Thread.sleep(pause.toMillis());
        pause = pause.multipliedBy(4);
      }
    }
  }

  /** Submits a query job under {@code id}, or finds the one submitted before; waits for it. */
  Job runQuery(JobId id, QueryJobConfiguration query) throws InterruptedException {
    Optional<Job> existing = find(id);
    if (existing.isPresent()) {
      return waitFor(existing.get().getJobId());
    }
    try {
      bigquery.create(JobInfo.of(id, query));
    } catch (BigQueryException e) {
      if (e.getCode() != ALREADY_EXISTS) {
        throw e;
      }
    }
    return waitFor(id);
  }

  /** Polls until the job is done. */
  Job waitFor(JobId id) throws InterruptedException {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    Duration pause = FIRST_POLL;
    while (true) {
      Job job = get(id);
      if (job == null) {
        throw new BigQueryException(404, "job " + id.getJob() + " disappeared");
      }
      if (job.getStatus() != null && job.getStatus().getState() == JobStatus.State.DONE) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new BigQueryException(504, "job " + id.getJob() + " is not done after " + MAX_WAIT);
      }
      Thread.sleep(pause.toMillis());
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
    }
  }

  /** The job's error, if it failed. */
  static Optional<BigQueryError> error(Job job) {
    return Optional.ofNullable(job.getStatus()).map(JobStatus::getError);
  }

  /** The error BigQuery gives, as "reason: message". */
  static String describe(BigQueryError error) {
    return error.getReason() + ": " + error.getMessage();
  }
}
