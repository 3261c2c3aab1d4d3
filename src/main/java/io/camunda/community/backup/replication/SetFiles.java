package io.camunda.community.backup.replication;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One part of a set as files: where the part lies in both places (a directory this application
 * reads, and a {@link SecondPlace}), and which files (paths relative
 * to both roots, with {@code /}) belong to the set.
 *
 * @param part the part's name as the catalog shows it ({@code zeebe}, {@code snapshots}, {@code
 *     database}, {@code database:<part>})
 * @param files the set's files, copied first, in any order
 * @param last files copied after all others, in this order: what makes the others visible (the
 *     snapshot repository's generation files), so a reader of the second place never sees a
 *     generation whose data is not there yet
 * @param mutable files that may differ between the places without either being damaged, because
 *     the storage rewrites them ({@code index.latest}); every other file is written once
 * @param generation the snapshot repository's generation when it was listed (what {@code
 *     index.latest} of the copy must name, not whatever the original names by the time the copy
 *     ends); null for other parts
 */
public record SetFiles(String part, Path primary, SecondPlace second, List<String> files, List<String> last, Set<String> mutable,
    Long generation) {

  public SetFiles {
    files = List.copyOf(files);
    last = List.copyOf(last);
    mutable = Set.copyOf(mutable);
  }

  /** A part that is not a snapshot repository. */
  public SetFiles(String part, Path primary, SecondPlace second, List<String> files, List<String> last, Set<String> mutable) {
    this(part, primary, second, files, last, mutable, null);
  }

  /** Every file, in copy order. */
  public List<String> all() {
    return java.util.stream.Stream.concat(files.stream(), last.stream()).toList();
  }
}
