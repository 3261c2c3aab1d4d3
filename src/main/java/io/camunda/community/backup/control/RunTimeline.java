package io.camunda.community.backup.control;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns successive statuses of one run into the lines of a live timeline, one per change: a step
 * started (▶), ended (✔ with its duration), ran again in a wait loop (⏳ with the run count), was
 * interrupted (✖), a deadline fired (⚠), an incident opened, the run ended (■). Stateful: each
 * call returns only what is new since the previous one, in the order it happened (a run that moved
 * on by several steps between two reads prints them as they came).
 */
final class RunTimeline {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final ZoneId zone;
  private final Map<String, RunStatus.Step> shown = new HashMap<>();
  private final Set<String> incidentsShown = new HashSet<>();
  private boolean endShown;

  RunTimeline(ZoneId zone) {
    this.zone = zone;
  }

  private record Line(Instant at, String text) {}

  List<String> linesFor(RunStatus status) {
    List<Line> lines = new ArrayList<>();
    for (RunStatus.Step step : status.steps()) {
      RunStatus.Step before = shown.put(step.elementId(), step);
      boolean event = step.type().equals("END_EVENT") || step.type().equals("BOUNDARY_EVENT");
      if (before == null && !event) {
        lines.add(line(step.startedAt(), "▶", step.name(), ""));
      }
      boolean changed = before == null || before.runs() != step.runs() || !String.valueOf(before.state()).equals(step.state());
      if (!changed) {
        continue;
      }
      if ("COMPLETED".equals(step.state())) {
        if (step.type().equals("END_EVENT")) {
          lines.add(line(step.endedAt(), "■", step.name(), ""));
        } else if (step.type().equals("BOUNDARY_EVENT")) {
          lines.add(line(step.endedAt(), "⚠", step.name(), ""));
        } else if (step.runs() > 1) {
          lines.add(line(step.endedAt(), "⏳", step.name(), "run " + step.runs() + ", " + took(step.startedAt(), step.endedAt()) + " since the first"));
        } else {
          lines.add(line(step.endedAt(), "✔", step.name(), took(step.startedAt(), step.endedAt())));
        }
      } else if ("TERMINATED".equals(step.state())) {
        lines.add(line(step.endedAt(), "✖", step.name(), "interrupted"));
      }
    }
    for (RunStatus.Incident incident : status.incidents()) {
      if (incidentsShown.add(incident.elementId() + "\n" + incident.message())) {
        lines.add(line(incident.createdAt(), "✖", "incident at " + incident.step(), incident.message()));
      }
    }
    if (status.ended() && !endShown) {
      endShown = true;
      lines.add(line(status.endedAt(), "■", status.kind() + " " + status.state(), "after " + millis(Duration.ofMillis(status.elapsedMillis()))));
    }
    // Stable: what happened at the same instant keeps the order above (a step's start before its end).
    return lines.stream().sorted(Comparator.comparing(Line::at, Comparator.nullsLast(Comparator.naturalOrder()))).map(Line::text).toList();
  }

  private Line line(Instant at, String mark, String name, String detail) {
    String time = at == null ? "            " : LocalTime.ofInstant(at, zone).format(TIME);
    return new Line(at, String.format("  %s  %s %-40s %s", time, mark, name, detail).stripTrailing());
  }

  private static String took(Instant from, Instant to) {
    return from == null || to == null ? "" : millis(Duration.between(from, to));
  }

  static String millis(Duration duration) {
    return duration.toMillis() < 10_000 ? duration.toMillis() + " ms" : String.format("%.1f s", duration.toMillis() / 1000.0);
  }
}
