package io.camunda.community.backup.replication;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.client.TargetClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Copies a complete set to its second location ({@code second-location.mode: copy}), file by file,
 * and proves the copy: the SHA-256 of each file written is read back and compared with what was
 * read from the original, and with Elasticsearch/OpenSearch storage the repository registered over
 * the copy must list every snapshot of the set.
 *
 * <p>Repeatable: a file already in the second place with the original's size and SHA-256 is
 * skipped; one that differs is never overwritten (it is damaged, or another set's), except the
 * repository's {@code index.latest}, which the storage rewrites by design. A file is moved into its
 * name only when whole, so an interrupted copy leaves nothing that looks copied.
 */
@Service
public class SecondLocationCopier {

  private static final Logger LOG = LoggerFactory.getLogger(SecondLocationCopier.class);

  private final SetFileLister lister;
  private final TargetClients clients;
  private final Clock clock;

  public SecondLocationCopier(SetFileLister lister, TargetClients clients, Clock clock) {
    this.lister = lister;
    this.clients = clients;
    this.clock = clock;
  }

  /**
   * @param cancelled answers true once the job is gone: the copy stops between two files
   * @throws SecondCopyFailedException when a file in the second place differs from the original,
   *     the original is not whole, or the copy is not restorable
   * @throws SecondLocationUnavailableException when a place cannot be read or written (retried)
   */
  public SecondCopy copy(String clusterName, BackupSet set, BooleanSupplier cancelled) {
    Instant started = clock.instant();
    List<SetFiles> parts = lister.list(clusterName, set);
    int copied = 0;
    int skipped = 0;
    long bytes = 0;
    for (SetFiles part : parts) {
      for (String file : part.all()) {
        if (cancelled.getAsBoolean()) {
          throw new SecondLocationUnavailableException("The copy of backup " + set.backupId() + " of cluster '" + clusterName
              + "' was stopped: its job is no longer active");
        }
        Path original = part.primary().resolve(file);
        SecondPlace second = part.second();
        try {
          if (part.generation() != null && file.equals(SetFileLister.INDEX_LATEST)) {
            // the generation listed, whose files were copied: the original may name a newer one by now
            if (writeGeneration(second, part.generation())) {
              copied++;
            } else {
              skipped++;
            }
            continue;
          }
          OptionalLong there = second.size(file);
          if (there.isPresent()) {
            long size = Files.size(original);
            boolean sameSize = there.getAsLong() == size;
            if (sameSize && second.sha256(file).equals(FileDigests.sha256(original))) {
              skipped++;
              continue;
            }
            if (!part.mutable().contains(file)) {
              throw new SecondCopyFailedException("The " + part.part() + " file " + second.describe(file) + " differs from the original "
                  + original + " (" + (sameSize ? "same size, another SHA-256" : there.getAsLong() + " bytes instead of " + size)
                  + ") and was left as it is: it is damaged, or belongs to another set. Move it aside after checking it, then"
                  + " repeat the copy");
            }
          }
          copied += copyAndCompare(original, second, file);
          bytes += Files.size(original);
        } catch (NoSuchFileException e) {
          throw new SecondLocationUnavailableException("The " + part.part() + " file " + original + " of backup " + set.backupId()
              + " disappeared while it was being copied (a snapshot deleted meanwhile?); the copy is tried again", e);
        } catch (IOException e) {
          throw new SecondLocationUnavailableException("Copying " + original + " to " + second.describe(file) + " failed: "
              + e.getMessage() + ". Check that the original is readable", e);
        }
      }
    }
    List<String> notRestorable = notRestorableThroughSecondRepository(clusterName, set, parts);
    if (!notRestorable.isEmpty()) {
      throw new SecondCopyFailedException("Every file of backup " + set.backupId() + " is in the second location, but the"
          + " repository registered over it does not list " + notRestorable + ": is second-repository registered over "
          + parts.stream().filter(part -> part.part().equals(SetFileLister.SNAPSHOTS)).findFirst()
              .map(part -> part.second().describe("")).orElse(null) + "?");
    }
    int files = parts.stream().mapToInt(part -> part.all().size()).sum();
    Duration took = Duration.between(started, clock.instant());
    LOG.info("Backup {} of cluster '{}' copied to its second location: {} files, {} copied ({} bytes), {} already there, in {}",
        set.backupId(), clusterName, files, copied, bytes, skipped, took);
    return SecondCopy.complete(files, copied, skipped, bytes, started, took);
  }

  /**
   * Points the copy's {@code index.latest} at {@code generation}, unless it already names that one
   * or a newer one (written by a later copy: going back would hide that copy's snapshots).
   *
   * @return whether it was written
   */
  private static boolean writeGeneration(SecondPlace repository, long generation) {
    var latest = repository.read(SetFileLister.INDEX_LATEST);
    if (latest.isPresent() && SetFileLister.generation(latest.get(), repository.describe(SetFileLister.INDEX_LATEST)) >= generation) {
      return false;
    }
    repository.write(SetFileLister.INDEX_LATEST, SetFileLister.indexLatest(generation));
    return true;
  }

  /** Copies one file and reads the copy back: 1 when its SHA-256 is the original's. */
  private static int copyAndCompare(Path original, SecondPlace second, String file) {
    String read = second.write(file, original);
    String written = second.sha256(file);
    if (!read.equals(written)) {
      second.delete(file);
      throw new SecondLocationUnavailableException("The copy of " + original + " to " + second.describe(file) + " reads back"
          + " another SHA-256 (" + written + " instead of " + read + "); it was deleted and is copied again. Check the second"
          + " storage");
    }
    return 1;
  }

  private List<String> notRestorableThroughSecondRepository(String clusterName, BackupSet set, List<SetFiles> parts) {
    if (parts.stream().noneMatch(part -> part.part().equals(SetFileLister.SNAPSHOTS))) {
      return List.of();
    }
    return SecondRepositoryListing.read(clients.secondRepositorySnapshots(clusterName)).notRestorable(set);
  }
}
