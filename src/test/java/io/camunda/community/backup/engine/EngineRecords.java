package io.camunda.community.backup.engine;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of the in-memory engine's record stream. Its source reads the log into one unsynchronized
 * list on every call: two threads reading at once (a test and an awaitility poller) appended to it
 * together and failed with a ConcurrentModificationException (RestoreDrillTest, 2026-12-07). Every
 * read goes through here, one at a time, and returns a copy nobody appends to.
 */
public final class EngineRecords {

  private EngineRecords() {}

  public static List<Record<?>> copy(ZeebeTestEngine engine) {
    var source = engine.getRecordStreamSource();
    synchronized (source) {
      List<Record<?>> copy = new ArrayList<>();
      source.getRecords().forEach(copy::add);
      return copy;
    }
  }
}
