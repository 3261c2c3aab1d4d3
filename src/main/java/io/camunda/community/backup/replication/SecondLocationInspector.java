package io.camunda.community.backup.replication;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SecondCopyListing;
import io.camunda.community.backup.catalog.SecondCopyStatus;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.config.ClusterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.stereotype.Service;

/**
 * Looks at what the second location holds of a set, without writing anything there:
 *
 * <ul>
 *   <li>{@link #check(String, BackupSet)} (verify mode, where the storage replicates itself):
 *       every file of the set with the original's size and SHA-256; the repository's {@code
 *       index.latest} at the original's generation or newer; every snapshot of the set listed by the
 *       repository registered over the copy;
 *   <li>{@link #statuses(String, List)} (the catalog): the same from listings only, sizes instead of
 *       checksums, for every complete set.
 * </ul>
 */
@Service
public class SecondLocationInspector implements SecondCopyListing {

  private final ClusterRegistry registry;
  private final SetFileLister lister;
  private final TargetClients clients;
  private final Clock clock;

  public SecondLocationInspector(ClusterRegistry registry, SetFileLister lister, TargetClients clients, Clock clock) {
    this.registry = registry;
    this.lister = lister;
    this.clients = clients;
    this.clock = clock;
  }

  /** What of the set has arrived in the second location, compared by size and SHA-256. */
  public SecondCopy check(String clusterName, BackupSet set) {
    Instant started = clock.instant();
    List<SetFiles> parts = lister.list(clusterName, set);
    Differences differences = compare(parts, true);
    if (parts.stream().anyMatch(part -> part.part().equals(SetFileLister.SNAPSHOTS))) {
      SecondRepositoryListing.read(clients.secondRepositorySnapshots(clusterName)).notRestorable(set)
          .forEach(name -> differences.missing.add("snapshot " + name + " (not listed by the second repository)"));
    }
    int files = parts.stream().mapToInt(part -> part.all().size()).sum();
    Duration took = Duration.between(started, clock.instant());
    if (differences.none()) {
      return SecondCopy.complete(files, 0, files, 0, started, took);
    }
    return new SecondCopy(SecondCopy.NOT_YET, files, 0, files - differences.missing.size() - differences.differing.size(), 0,
        started.toString(), took.toString(), first(differences.missing), first(differences.differing));
  }

  @Override
  public Map<Long, SecondCopyStatus> statuses(String clusterName, List<BackupSet> sets) {
    if (!registry.get(clusterName).hasSecondLocation()) {
      return Map.of();
    }
    Map<Long, SecondCopyStatus> statuses = new LinkedHashMap<>();
    List<BackupSet> complete = sets.stream().filter(set -> set.state() == SetState.COMPLETE).toList();
    if (complete.isEmpty()) {
      return statuses;
    }
    Optional<SetFiles> repository;
    Optional<SecondRepositoryListing> secondRepository;
    try {
      repository = lister.snapshotRepository(clusterName);
      secondRepository = repository.map(files -> SecondRepositoryListing.read(clients.secondRepositorySnapshots(clusterName)));
    } catch (RuntimeException e) {
      complete.forEach(set -> statuses.put(set.backupId(), new SecondCopyStatus(SecondCopyStatus.UNAVAILABLE, e.getMessage())));
      return statuses;
    }
    // Which repository files a set needs is not known without reading the repository's metadata: a
    // file there that differs damages every set; files not there yet (a newer snapshot's) count for
    // no set, whose own snapshots the second repository must list instead.
    Differences shared = repository.map(files -> compare(List.of(files), false).withoutMissing()).orElseGet(Differences::new);
    for (BackupSet set : complete) {
      try {
        List<SetFiles> own = lister.list(clusterName, set, Optional.empty());
        Differences differences = compare(own, false).plus(shared);
        secondRepository.ifPresent(listing -> listing.notRestorable(set)
            .forEach(name -> differences.missing.add("snapshot " + name + " (not listed by the second repository)")));
        statuses.put(set.backupId(), differences.status());
      } catch (TargetUnavailableException | SecondCopyFailedException e) {
        statuses.put(set.backupId(), new SecondCopyStatus(SecondCopyStatus.UNAVAILABLE, e.getMessage()));
      }
    }
    return statuses;
  }

  private static Differences compare(List<SetFiles> parts, boolean checksums) {
    Differences differences = new Differences();
    for (SetFiles part : parts) {
      for (String file : part.all()) {
        Path original = part.primary().resolve(file);
        SecondPlace second = part.second();
        String name = part.part() + " " + file;
        try {
          OptionalLong copy = second.size(file);
          if (copy.isEmpty()) {
            differences.missing.add(name);
          } else if (part.mutable().contains(file)) {
            long copied = SetFileLister.generation(second.read(file).orElse(new byte[0]), second.describe(file));
            if (copied < SetFileLister.generation(part.primary(), "the original")) {
              differences.missing.add(name + " (an older generation)");
            }
          } else if (copy.getAsLong() != Files.size(original)
              || (checksums && !second.sha256(file).equals(FileDigests.sha256(original)))) {
            differences.differing.add(name);
          }
        } catch (NoSuchFileException e) {
          throw new SecondLocationUnavailableException("The " + part.part() + " file " + original + " disappeared while it was"
              + " being compared (a snapshot deleted meanwhile?); try again", e);
        } catch (IOException e) {
          throw new SecondLocationUnavailableException("Comparing " + original + " with " + second.describe(file) + " failed: "
              + e.getMessage() + ". Check that both locations are mounted and readable", e);
        }
      }
    }
    return differences;
  }

  private static List<String> first(List<String> names) {
    return names.size() <= SecondCopy.SHOWN ? names : names.subList(0, SecondCopy.SHOWN);
  }

  private static final class Differences {
    final List<String> missing = new ArrayList<>();
    final List<String> differing = new ArrayList<>();

    boolean none() {
      return missing.isEmpty() && differing.isEmpty();
    }

    Differences withoutMissing() {
      Differences differences = new Differences();
      differences.differing.addAll(differing);
      return differences;
    }

    Differences plus(Differences other) {
      Differences sum = new Differences();
      sum.missing.addAll(missing);
      sum.missing.addAll(other.missing);
      sum.differing.addAll(differing);
      sum.differing.addAll(other.differing);
      return sum;
    }

    SecondCopyStatus status() {
      if (!differing.isEmpty()) {
        return new SecondCopyStatus(SecondCopyStatus.DAMAGED, describe("differ in size", differing)
            + (missing.isEmpty() ? "" : "; " + describe("missing", missing)));
      }
      if (!missing.isEmpty()) {
        return new SecondCopyStatus(SecondCopyStatus.MISSING, describe("missing", missing));
      }
      return new SecondCopyStatus(SecondCopyStatus.COMPLETE, null);
    }

    private static String describe(String what, List<String> names) {
      return names.size() + " " + what + ": " + String.join(", ", first(names)) + (names.size() > SecondCopy.SHOWN ? ", ..." : "");
    }
  }
}
