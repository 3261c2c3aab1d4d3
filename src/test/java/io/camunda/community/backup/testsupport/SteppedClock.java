package io.camunda.community.backup.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when the test moves it: whatever it times takes no real time. */
public final class SteppedClock extends Clock {

  private volatile Instant now;

  public SteppedClock(Instant start) {
    this.now = start;
  }

  public SteppedClock() {
    this(Instant.parse("2026-12-06T12:00:00Z"));
  }

  public void step(Duration by) {
    now = now.plus(by);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
