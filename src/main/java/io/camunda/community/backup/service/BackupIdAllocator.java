package io.camunda.community.backup.service;

import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.flavour.SetFlavours;
import io.camunda.community.backup.support.AtOnce;
import io.camunda.community.backup.worker.BackupStepFailedException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Chooses the shared backup ID. Zeebe refuses an ID that is not greater than every earlier one, but
 * only after the web apps and Optimize have already taken their snapshots (pitfall 9), so the ID is
 * checked against every component's listing up front.
 *
 * <p>IDs are Unix seconds by convention, and every later ID must be greater: an ID far in the
 * future (up to {@link Long#MAX_VALUE}) would leave no room for the next backup. A requested ID is
 * therefore at most now + {@link #FUTURE_ALLOWANCE} unless {@value #ALLOW_BEYOND_NOW_PROPERTY} is
 * set, and the next automatic ID is computed without overflow.
 */
@Service
public class BackupIdAllocator {

  public static final String RECORDS_SNAPSHOT_PREFIX = "camunda_zeebe_records_backup_";
  public static final String ALLOW_BEYOND_NOW_PROPERTY = "backup-orchestrator.allow-backup-ids-beyond-now";
  /** How far beyond the current Unix time a requested ID may go (clock skew, a planned ID). */
  public static final Duration FUTURE_ALLOWANCE = Duration.ofDays(1);

  /** Why a requested ID is refused, and what to do instead. */
  public record Rejection(String error, String fix) {}

  private final TargetClients clients;
  private final SetFlavours flavours;
  private final Clock clock;
  private final boolean allowBeyondNow;
  /**
   * The greatest ID this application allocated per target (its management URL: several configured
   * names may point at one cluster). Zeebe refuses any ID not greater than every backup it ever took,
   * deleted ones included, which no listing shows: a set voided or deleted within the second it was
   * taken would otherwise be followed by a backup with the same ID, refused by Zeebe after the web
   * apps and Optimize had taken their snapshots.
   */
  private final Map<String, Long> allocated = new java.util.concurrent.ConcurrentHashMap<>();

  public BackupIdAllocator(
      TargetClients clients,
      SetFlavours flavours,
      Clock clock,
      @Value("${" + ALLOW_BEYOND_NOW_PROPERTY + ":false}") boolean allowBeyondNow) {
    this.clients = clients;
    this.flavours = flavours;
    this.clock = clock;
    this.allowBeyondNow = allowBeyondNow;
  }

  /**
   * Checks a requested ID before anything starts (HTTP API, command line) and again when the
   * process allocates it (the Tasklist form and a process started by hand pass only here).
   */
  public Optional<Rejection> rejection(long requested) {
    if (requested <= 0) {
      return Optional.of(new Rejection("backupId must be a positive whole number, got " + requested,
          "leave backupId out to use the current Unix time, or give a whole number greater than every existing backup ID"));
    }
    long bound = upperBound();
    if (!allowBeyondNow && requested > bound) {
      return Optional.of(new Rejection(
          "backupId " + requested + " is beyond the current Unix time plus one day (" + bound + "); every later backup needs a greater ID",
          "leave backupId out to use the current Unix time, or give an ID of at most " + bound
              + " (set " + ALLOW_BEYOND_NOW_PROPERTY + ": true to allow larger IDs)"));
    }
    return Optional.empty();
  }

  /** The greatest ID a request may give: now + one day in Unix seconds. */
  public long upperBound() {
    return clock.instant().plus(FUTURE_ALLOWANCE).getEpochSecond();
  }

  /**
   * @param requested an explicit ID from the start form, or null for "now in Unix seconds"
   * @return an ID strictly greater than every ID present in any component
   */
  public long allocate(String clusterName, Long requested) {
    if (requested != null) {
      Optional<Rejection> rejection = rejection(requested);
      if (rejection.isPresent()) {
        throw new BackupStepFailedException("INVALID_BACKUP_ID",
            "Backup ID " + requested + " is not valid: " + rejection.get().error() + ". Fix: " + rejection.get().fix());
      }
    }
    Map<String, Long> newest = new LinkedHashMap<>(newestIdPerComponent(clusterName));
    String target = clients.zeebe(clusterName).baseUrl();
    Optional.ofNullable(allocated.get(target)).ifPresent(id -> newest.merge(ALLOCATED_BEFORE, id, Math::max));
    Optional<Map.Entry<String, Long>> highest = newest.entrySet().stream().max(Map.Entry.comparingByValue());
    long floor = highest.map(Map.Entry::getValue).orElse(0L);
    if (floor == Long.MAX_VALUE) {
      // No greater ID exists: floor + 1 would overflow to a negative ID that Zeebe refuses.
      throw new BackupStepFailedException("BACKUP_ID_EXHAUSTED",
          ("The newest existing backup ID is %d (found in %s), the greatest possible ID: no backup can be given a greater one."
              + " Delete the backups with ID %d in every component (retention, or the components' backup APIs) before the next backup.")
              .formatted(floor, highest.get().getKey(), floor));
    }
    if (requested != null) {
      if (requested <= floor) {
        throw new BackupStepFailedException("BACKUP_ID_NOT_GREATER",
            "Backup ID %d is not greater than the newest existing backup ID %d (found in %s). Choose an ID greater than %d, or leave it empty to use the current Unix time."
                .formatted(requested, floor, highest.get().getKey(), floor));
      }
      return remember(target, requested);
    }
    return remember(target, Math.max(clock.instant().getEpochSecond(), Math.addExact(floor, 1)));
  }

  /** How the ID this application allocated last for the target is named where it is the floor. */
  static final String ALLOCATED_BEFORE = "an earlier backup of this worker (deleted since; Zeebe still refuses its ID)";

  private long remember(String target, long id) {
    allocated.merge(target, id, Math::max);
    return id;
  }

  /**
   * The newest backup ID each component knows, by component name. The listings are read at the same
   * time (they are independent requests to different components): the allocation comes right before
   * exporting is paused, so it counts in every backup's end-to-end time. Any listing that cannot be
   * read fails the whole allocation: an ID checked against part of the listings could be refused by
   * Zeebe after the other components have taken their snapshots.
   */
  public Map<String, Long> newestIdPerComponent(String clusterName) {
    Map<String, Supplier<Optional<Long>>> listings = new LinkedHashMap<>();
    listings.put("zeebe", () -> clients.zeebe(clusterName).listBackups().stream().map(ZeebeBackupInfo::backupId)
        .max(java.util.Comparator.naturalOrder()));
    listings.putAll(flavours.of(clusterName).newestIds(clusterName));
    Map<String, Long> newest = new LinkedHashMap<>();
    try (ExecutorService readers = AtOnce.readers()) {
      Map<String, Future<Optional<Long>>> reading = new LinkedHashMap<>();
      listings.forEach((component, listing) -> reading.put(component, readers.submit(listing::get)));
      for (Map.Entry<String, Future<Optional<Long>>> listing : reading.entrySet()) {
        AtOnce.awaited(listing.getValue()).ifPresent(id -> newest.put(listing.getKey(), id));
      }
    }
    return newest;
  }

  public static String recordsSnapshotName(long backupId) {
    return RECORDS_SNAPSHOT_PREFIX + backupId;
  }
}
