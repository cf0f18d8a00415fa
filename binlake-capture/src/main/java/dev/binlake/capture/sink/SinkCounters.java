package dev.binlake.capture.sink;

/** What the sink did in this run: records written, redelivered records dropped, files stored. */
public final class SinkCounters {
  long written;
  long dropped;
  long files;

  public long written() {
    return written;
  }

  public long dropped() {
    return dropped;
  }

  public long files() {
    return files;
  }

  SinkCounters copy() {
    SinkCounters copy = new SinkCounters();
    copy.written = written;
    copy.dropped = dropped;
    copy.files = files;
    return copy;
  }
}
