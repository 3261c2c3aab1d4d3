package io.camunda.community.backup.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the replication step found or did for one set: the {@code secondCopy} variable of a backup
 * run, and what its answer reports.
 *
 * @param state {@value #COMPLETE}: every file of the set is in the second location with the
 *     original's size and SHA-256 (and, with Elasticsearch/OpenSearch, the repository registered
 *     over it lists every snapshot of the set); {@value #NOT_YET}: some are missing or differ
 *     (verify mode, before the deadline)
 * @param files how many files the set has
 * @param copied how many were copied by this step (copy mode)
 * @param skipped how many were there already, identical (copy mode)
 * @param bytes bytes copied
 * @param missing the first files not in the second location (at most {@value #SHOWN})
 * @param differing the first files that are there but differ (at most {@value #SHOWN})
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SecondCopy(String state, int files, int copied, int skipped, long bytes, String startedAt, String took,
    List<String> missing, List<String> differing) {

  public static final String COMPLETE = "COMPLETE";
  public static final String NOT_YET = "NOT_YET";
  static final int SHOWN = 10;

  public SecondCopy {
    missing = missing == null ? List.of() : List.copyOf(missing);
    differing = differing == null ? List.of() : List.copyOf(differing);
  }

  static SecondCopy complete(int files, int copied, int skipped, long bytes, Instant startedAt, Duration took) {
    return new SecondCopy(COMPLETE, files, copied, skipped, bytes, startedAt.toString(), took.toString(), List.of(), List.of());
  }

  public boolean whole() {
    return COMPLETE.equals(state);
  }
}
